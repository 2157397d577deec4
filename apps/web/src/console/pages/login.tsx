import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, ApiError, setCsrfToken } from '../../api';
import { Field, FormError } from '../../field';
import type { ConsoleSession } from '../session';

/** The admin token is sent once and forgotten: the form is cleared, and only the httpOnly cookie remains. */
export const LoginPage = () => {
  const navigate = useNavigate();
  const location = useLocation();
  const client = useQueryClient();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const token = String(new FormData(formElement).get('token') ?? '');
    formElement.reset();
    setBusy(true);
    setError(null);
    try {
      const session = await api<ConsoleSession>('/v1/console/login', {
        method: 'POST',
        body: { token },
      });
      setCsrfToken(session.csrfToken);
      client.setQueryData(['console-session'], session);
      navigate((location.state as { from?: string } | null)?.from ?? '/rules', { replace: true });
    } catch (caught) {
      setError(
        caught instanceof ApiError ? caught : new ApiError(0, 'error', 'Something went wrong.'),
      );
    } finally {
      setBusy(false);
    }
  };

  const tokenError = error?.forField('token');
  return (
    <main id="main" className="narrow">
      <h1>Log in to the program console</h1>
      <form onSubmit={submit} noValidate>
        <Field
          label="Admin token"
          name="token"
          type="password"
          autoComplete="off"
          required
          error={tokenError}
          hint="Printed once at first start (or ADMIN_TOKEN). It is exchanged for a 12-hour session and not kept in this browser."
        />
        <FormError error={!tokenError ? error?.message : undefined} />
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
};
