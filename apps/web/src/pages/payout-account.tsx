import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError } from '../api';
import { Field } from '../field';
import { Failure, Loading } from '../format';
import { useMe } from '../layout';

export const PayoutAccountPage = () => {
  const client = useQueryClient();
  const me = useMe();
  const [search] = useSearchParams();
  const [email, setEmail] = useState('');
  const paypal = useMutation({
    mutationFn: (value: string) =>
      api('/v1/me/payout-account', { method: 'PUT', body: { method: 'paypal', email: value } }),
    onSuccess: () => {
      setEmail('');
      void client.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const stripe = useMutation({
    mutationFn: () =>
      api<{ onboardingUrl: string }>('/v1/me/payout-account', {
        method: 'PUT',
        body: { method: 'stripe_connect' },
      }),
    onSuccess: ({ onboardingUrl }) => window.location.assign(onboardingUrl),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    paypal.mutate(email.trim());
  };
  const paypalError =
    paypal.error instanceof ApiError
      ? (paypal.error.forField('email') ?? paypal.error.message)
      : paypal.error
        ? 'The email could not be saved.'
        : undefined;
  const account = me.data?.payoutAccount;

  return (
    <>
      <h1 tabIndex={-1}>Payout account</h1>
      {search.get('stripe') === 'return' && (
        <p role="status" className="notice">
          Thanks. Stripe is checking your details; your Stripe account is saved here as soon as
          Stripe confirms it can receive transfers.
        </p>
      )}
      {search.get('stripe') === 'refresh' && (
        <p role="status" className="notice">
          The Stripe link expired. Press “Connect Stripe” again to continue.
        </p>
      )}
      <section aria-labelledby="current" className="panel">
        <h2 id="current">Where your payouts go</h2>
        {me.isPending && <Loading what="your account" />}
        {me.isError && <Failure error={me.error} />}
        {me.data &&
          (account ? (
            <p>
              {account.method === 'paypal'
                ? `PayPal: ${account.email}`
                : `Stripe: ${account.accountId}`}
            </p>
          ) : (
            <p className="muted">
              No payout account yet. Set one below before you request a payout.
            </p>
          ))}
      </section>
      <section aria-labelledby="paypal" className="panel">
        <h2 id="paypal">PayPal</h2>
        <form onSubmit={submit} noValidate>
          <Field
            label="PayPal email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            required
            error={paypalError}
          />
          <button type="submit" disabled={paypal.isPending || !email.trim()}>
            {paypal.isPending ? 'Saving…' : 'Save PayPal email'}
          </button>
          {paypal.isSuccess && (
            <p role="status" className="notice">
              PayPal email saved.
            </p>
          )}
        </form>
      </section>
      <section aria-labelledby="stripe" className="panel">
        <h2 id="stripe">Stripe</h2>
        <p>
          Get paid to your bank through Stripe. You fill in your details on Stripe’s own page; we
          never see your bank account.
        </p>
        <button type="button" onClick={() => stripe.mutate()} disabled={stripe.isPending}>
          {stripe.isPending ? 'Opening Stripe…' : 'Connect Stripe'}
        </button>
        {stripe.isError && (
          <p className="error" role="alert">
            {stripe.error instanceof ApiError
              ? stripe.error.message
              : 'Stripe could not be reached.'}
          </p>
        )}
      </section>
    </>
  );
};
