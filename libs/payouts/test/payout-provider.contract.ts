import {
  PayoutDestination,
  PayoutInstruction,
  PayoutNeedsAttention,
  PayoutOutcome,
  PayoutProvider,
  TransientProviderError,
} from '@threadtrak/payouts';

/** A provider wired to a local fake that speaks its wire format, and the fake's knobs. */
export interface ProviderUnderTest {
  provider: PayoutProvider;
  /** An open account of this provider's kind. */
  openAccount(name: string): PayoutDestination;
  closeAccount(destination: PayoutDestination): void;
  /** Money movements the fake performed for this payout id: more than 1 pays twice. */
  paymentsFor(payoutId: string): number;
  /** What the fake credits for this payout, decoded from the wire. */
  amountPaid(payoutId: string): { amountCents: number; currency: string } | undefined;
  failNextWith500AfterPaying(): void;
  /** Answer payment requests later than the provider's timeout (after paying), or promptly again. */
  answerTooSlowly(slow: boolean): void;
  /** Our credentials stop working: every later call is refused 401. */
  revokeCredentials(): void;
  close(): Promise<void>;
}

let sequence = 0;
const payoutId = () => `po_contract_${Date.now().toString(36)}_${++sequence}`;

/** Polls `status` while the provider says pending, as the payout saga does. */
export async function settle(
  provider: PayoutProvider,
  id: string,
  outcome: PayoutOutcome,
  polls = 10,
): Promise<PayoutOutcome> {
  let current = outcome;
  for (let i = 0; i < polls && current.status === 'pending'; i++)
    current = await provider.status(id, current.providerRef);
  return current;
}

/** One contract for every payout provider; each provider's spec runs it against its fake. */
export function describePayoutProviderContract(
  name: string,
  start: () => Promise<ProviderUnderTest>,
): void {
  describe(`${name} honours the payout provider contract`, () => {
    let under: ProviderUnderTest;
    let provider: PayoutProvider;

    beforeEach(async () => {
      under = await start();
      provider = under.provider;
    });
    afterEach(() => under.close());

    const instruction = (overrides: Partial<PayoutInstruction> = {}): PayoutInstruction => ({
      payoutId: payoutId(),
      amountCents: 12_345,
      currency: 'USD',
      destination: under.openAccount('ada'),
      affiliateId: 'aff_ada',
      firstAttempt: true,
      ...overrides,
    });

    it('pays the affiliate and answers with the provider reference', async () => {
      const payout = instruction();
      const outcome = await provider.send(payout);

      expect(outcome).toMatchObject({
        status: expect.stringMatching(/^(sent|pending)$/),
        providerRef: expect.any(String),
      });
      const settled = await settle(provider, payout.payoutId, outcome);
      expect(settled).toEqual({
        status: 'sent',
        providerRef: (outcome as { providerRef: string }).providerRef,
      });
      expect(under.paymentsFor(payout.payoutId)).toBe(1);
      expect(under.amountPaid(payout.payoutId)).toEqual({ amountCents: 12_345, currency: 'USD' });
    });

    it('sending the same payout twice pays the affiliate once', async () => {
      const payout = instruction();
      const first = await settle(provider, payout.payoutId, await provider.send(payout));
      const second = await settle(provider, payout.payoutId, await provider.send(payout));

      expect(second).toEqual(first);
      expect(first.status).toBe('sent');
      expect(under.paymentsFor(payout.payoutId)).toBe(1);
    });

    it('a provider that pays and then answers 500: the retry pays nothing more and reports that payment', async () => {
      const payout = instruction();
      under.failNextWith500AfterPaying();

      await expect(provider.send(payout)).rejects.toBeInstanceOf(TransientProviderError);
      expect(under.paymentsFor(payout.payoutId)).toBe(1);

      const retried = await settle(provider, payout.payoutId, await provider.send(payout));
      expect(retried).toEqual({ status: 'sent', providerRef: expect.any(String) });
      expect(under.paymentsFor(payout.payoutId)).toBe(1);
      const again = await settle(provider, payout.payoutId, await provider.send(payout));
      expect(again).toEqual(retried);
    });

    it('a timeout is transient, and the later retry pays once', async () => {
      const payout = instruction();
      under.answerTooSlowly(true);

      await expect(provider.send(payout)).rejects.toThrow(TransientProviderError);
      expect(under.paymentsFor(payout.payoutId)).toBe(1); // the provider paid; only the answer was lost

      under.answerTooSlowly(false);
      const retried = await settle(provider, payout.payoutId, await provider.send(payout));
      expect(retried.status).toBe('sent');
      expect(under.paymentsFor(payout.payoutId)).toBe(1);
    });

    it('a closed account fails the payout permanently, with a reason', async () => {
      const destination = under.openAccount('closed');
      under.closeAccount(destination);
      const payout = instruction({ destination });

      const outcome = await settle(provider, payout.payoutId, await provider.send(payout));
      expect(outcome).toEqual({
        status: 'failed',
        permanent: true,
        reason: expect.stringMatching(/closed|locked/i),
      });

      // Sent again, it is no longer a first attempt: the provider's record of the failure, or an operator.
      const resent = await provider.send({ ...payout, firstAttempt: false }).then(
        (answer) => settle(provider, payout.payoutId, answer),
        (error: unknown) => error,
      );
      expect(
        resent instanceof PayoutNeedsAttention || (resent as PayoutOutcome).status === 'failed',
      ).toBe(true);
      expect(under.paymentsFor(payout.payoutId)).toBeLessThanOrEqual(1);
    });

    it('credentials refused on the retry after a lost answer: needs an operator, never a failure, pays nothing more', async () => {
      const payout = instruction();
      under.failNextWith500AfterPaying();
      await expect(provider.send(payout)).rejects.toBeInstanceOf(TransientProviderError);

      under.revokeCredentials();
      const retried = provider.send({ ...payout, firstAttempt: false });
      await expect(retried).rejects.toBeInstanceOf(PayoutNeedsAttention);
      await expect(retried).rejects.toMatchObject({ code: 'provider_auth' });
      expect(under.paymentsFor(payout.payoutId)).toBe(1);
    });

    it('a payout id resent with another amount needs an operator and pays nothing more', async () => {
      const payout = instruction();
      await settle(provider, payout.payoutId, await provider.send(payout));

      const changed = provider.send({ ...payout, amountCents: payout.amountCents + 1 });
      await expect(changed).rejects.toBeInstanceOf(PayoutNeedsAttention);
      await expect(changed).rejects.toMatchObject({ code: 'payout_mismatch' });
      expect(under.paymentsFor(payout.payoutId)).toBe(1);
    });

    it.each([
      [1, 'USD'],
      [99, 'USD'],
      [100, 'USD'],
      [123_456_789, 'USD'],
      [1_005, 'EUR'],
      [500, 'JPY'],
      [1, 'JPY'],
    ])('pays exactly %i minor units of %s', async (amountCents, currency) => {
      const payout = instruction({ amountCents, currency });
      await provider.send(payout);
      expect(under.amountPaid(payout.payoutId)).toEqual({ amountCents, currency });
    });
  });
}
