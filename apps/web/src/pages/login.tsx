import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, ApiError, setCsrfToken } from '../api';
import { Field, FormError } from '../field';
import type { SessionInfo } from '../session';

export const LoginPage = () => {
  const navigate = useNavigate();
  const location = useLocation();
  const client = useQueryClient();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const notice = (location.state as { notice?: string } | null)?.notice;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const session = await api<SessionInfo>('/v1/auth/login', {
        method: 'POST',
        body: { email: form.get('email'), password: form.get('password') },
      });
      setCsrfToken(session.csrfToken);
      client.setQueryData(['session'], session);
      navigate((location.state as { from?: string } | null)?.from ?? '/', { replace: true });
    } catch (caught) {
      setError(
        caught instanceof ApiError ? caught : new ApiError(0, 'error', 'Something went wrong.'),
      );
    } finally {
      setBusy(false);
    }
  };

  const emailError = error?.forField('email');
  const passwordError = error?.forField('password');
  return (
    <main id="main" className="narrow">
      <h1>Log in to your partner dashboard</h1>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          error={emailError}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={passwordError}
        />
        <FormError error={!emailError && !passwordError ? error?.message : undefined} />
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p className="muted">No password yet? Use the invite link the program manager sent you.</p>
    </main>
  );
};
