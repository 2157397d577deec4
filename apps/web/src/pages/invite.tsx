import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError } from '../api';
import { Field, FormError } from '../field';

/** `/portal/invite/{token}`: the affiliate chooses a password; the link works once, for 7 days. */
export const InvitePage = () => {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [error, setError] = useState<ApiError | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    setError(null);
    setMismatch(password !== form.get('confirm'));
    if (password !== form.get('confirm')) return;
    setBusy(true);
    try {
      await api('/v1/auth/invite', { method: 'POST', body: { token, password } });
      navigate('/login', {
        replace: true,
        state: { notice: 'Your password is set. Log in with your email and new password.' },
      });
    } catch (caught) {
      setError(
        caught instanceof ApiError ? caught : new ApiError(0, 'error', 'Something went wrong.'),
      );
    } finally {
      setBusy(false);
    }
  };

  const passwordError = error?.forField('password');
  return (
    <main id="main" className="narrow">
      <h1>Choose your password</h1>
      <p>
        Welcome to the partner program. Choose a password to open your dashboard. This link works
        once.
      </p>
      <form onSubmit={submit} noValidate>
        <Field
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
          hint="At least 10 characters."
          error={passwordError}
        />
        <Field
          label="Repeat the password"
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          error={mismatch ? 'The two passwords are not the same.' : undefined}
        />
        <FormError
          error={!passwordError ? (error?.forField('token') ?? error?.message) : undefined}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Set password'}
        </button>
      </form>
    </main>
  );
};
