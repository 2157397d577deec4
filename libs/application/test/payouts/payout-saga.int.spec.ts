import { Audit } from '../../src/audit/audit';
import { UpdateAffiliate } from '../../src/affiliates/update-affiliate';
import { FakePayPalServer } from '../../../payouts/testing/fake-paypal.server';
import { FakeStripeServer } from '../../../payouts/testing/fake-stripe.server';
import {
  PayoutWorld,
  paypalAccount,
  paypalPayouts,
  stripeAccount,
  stripeConnect,
} from './payout-saga.fixture';
import type { SagaProcess } from './saga-process';

describe('payout saga', () => {
  let world: PayoutWorld;
  let stripe: FakeStripeServer;
  let paypal: FakePayPalServer;
  const sagas: SagaProcess[] = [];

  const started = async (saga: SagaProcess) => {
    sagas.push(saga);
    await saga.start();
    return saga;
  };
  const stripeSaga = () => started(world.saga([stripeConnect(stripe)]));
  const types = async () => (await world.payoutEvents()).map((event) => event.type);

  beforeEach(async () => {
    world = await PayoutWorld.open();
    stripe = await FakeStripeServer.start();
    paypal = await FakePayPalServer.start();
  });

  afterEach(async () => {
    for (const saga of sagas.splice(0)) await saga.stop();
    await world.close();
    await stripe.close();
    await paypal.close();
  });

  describe('approval', () => {
    it('approves a payout below the auto-approve limit, then pays it', async () => {
      await world.setRules({ autoApproveBelowCents: 10_000 });
      const { payoutId } = await world.requested(stripeAccount(), 6_000);
      const saga = await stripeSaga();

      await saga.tick();
      await saga.tick();

      const events = await world.payoutEvents();
      expect(events.map((event) => event.type)).toEqual([
        'PayoutRequested',
        'PayoutApproved',
        'PayoutSent',
      ]);
      expect(events[1]!.data).toMatchObject({ payoutId, approvedBy: 'auto' });
    });

    it('leaves a payout at or above the limit waiting for an admin', async () => {
      await world.setRules({ autoApproveBelowCents: 10_000 });
      const { affiliateId, payoutId } = await world.requested(stripeAccount(), 10_000);
      const saga = await stripeSaga();

      await world.later(saga);
      expect(await types()).toEqual(['PayoutRequested']);
      expect(stripe.transfers).toHaveLength(0);

      await world.payouts.approve(affiliateId, payoutId, 'admin', 'admin');
      await saga.tick();
      expect(await types()).toEqual(['PayoutRequested', 'PayoutApproved', 'PayoutSent']);
    });

    it('judges a payout by the rules in force when it was requested', async () => {
      const { payoutId } = await world.requested(stripeAccount(), 6_000);
      await world.setRules({ autoApproveBelowCents: 10_000 });
      const saga = await stripeSaga();

      await world.later(saga);

      expect(await types()).toEqual(['PayoutRequested']);
      expect((await world.payoutEvents())[0]!.data.payoutId).toBe(payoutId);
    });
  });

  describe('sending', () => {
    it('records the provider reference of a sent payout: the requested amount becomes paid', async () => {
      const { affiliateId, payoutId } = await world.approved(stripeAccount(), 7_500);
      expect((await world.ledger(affiliateId)).balances).toMatchObject({
        dueCents: 0,
        requestedCents: 7_500,
        paidCents: 0,
      });
      const saga = await stripeSaga();

      await saga.tick();

      const sent = (await world.payoutEvents()).find((event) => event.type === 'PayoutSent');
      expect(sent!.data).toMatchObject({
        payoutId,
        affiliateId,
        amountCents: 7_500,
        providerRef: stripe.transfers[0]!.id,
      });
      expect(stripe.transfers[0]).toMatchObject({
        amount: 7_500,
        currency: 'usd',
        destination: 'acct_1JaneDoe',
        transfer_group: payoutId,
      });
      expect((await world.ledger(affiliateId)).balances).toMatchObject({
        dueCents: 0,
        requestedCents: 0,
        paidCents: 7_500,
      });
      expect(saga.open()).toEqual([]);
    });

    it('records a refusal of its first attempt (closed account) as PayoutFailed, and the amount is due again', async () => {
      stripe.closedAccounts.add('acct_1Closed');
      const saga = await stripeSaga();
      const { affiliateId } = await world.approved(stripeAccount('acct_1Closed'), 7_500);

      await saga.tick();

      const failed = (await world.payoutEvents()).find((event) => event.type === 'PayoutFailed');
      expect(failed!.data.reason).toMatch(/^account_closed/);
      expect((await world.ledger(affiliateId)).balances).toMatchObject({
        dueCents: 7_500,
        requestedCents: 0,
        paidCents: 0,
      });
      expect(saga.open()).toEqual([]);
    });

    it('retries a 500 the provider answered after transferring: one transfer, then PayoutSent', async () => {
      const { payoutId } = await world.approved(stripeAccount(), 7_500);
      stripe.failNextWith500AfterTransfer = true;
      const saga = await stripeSaga();

      await saga.tick();
      expect(await types()).toEqual(['PayoutRequested', 'PayoutApproved']);
      expect(saga.open()).toEqual([
        expect.objectContaining({
          payoutId,
          attempts: 1,
          lastError: expect.stringContaining('500'),
          nextAttemptAt: new Date(world.clock.now().getTime() + 1_000).toISOString(),
        }),
      ]);

      await world.later(saga);

      expect(stripe.transfersByKey.get(payoutId)).toBe(1);
      expect(await types()).toEqual(['PayoutRequested', 'PayoutApproved', 'PayoutSent']);
    });

    it('retries a timeout: one transfer', async () => {
      const { payoutId } = await world.approved(stripeAccount(), 7_500);
      stripe.delayMs = 800;
      const saga = await started(world.saga([stripeConnect(stripe, 200)]));

      await saga.tick();
      expect(saga.open()[0]!.lastError).toMatch(/timed out|timeout/i);
      stripe.delayMs = 0;
      await world.later(saga);

      expect(stripe.transfersByKey.get(payoutId)).toBe(1);
      expect(stripe.transfers).toHaveLength(1);
      expect(await types()).toContain('PayoutSent');
    });

    it('polls a pending PayPal payout until it is sent, without sending it again', async () => {
      paypal.pollsBeforeFinal = 1;
      const { payoutId } = await world.approved(paypalAccount(), 7_500);
      const saga = await started(world.saga([paypalPayouts(paypal)]));

      await saga.tick();
      const batchId = paypal.batchOf(payoutId)!.payoutBatchId;
      expect(saga.open()).toEqual([expect.objectContaining({ payoutId, providerRef: batchId })]);

      await world.later(saga);
      expect(await types()).not.toContain('PayoutSent');
      await world.later(saga);

      const sent = (await world.payoutEvents()).find((event) => event.type === 'PayoutSent');
      expect(sent!.data.providerRef).toBe(batchId);
      expect(paypal.payoutRequests).toHaveLength(1);
      expect(paypal.batchOf(payoutId)!.polls).toBe(2);
    });
  });

  describe('crashes and company', () => {
    it('resumes after a restart between approved and sent, and pays once', async () => {
      const { payoutId } = await world.approved(stripeAccount(), 7_500);
      stripe.failNextWith500AfterTransfer = true;
      const first = await stripeSaga();
      await first.tick();
      await first.stop();
      expect(await types()).toEqual(['PayoutRequested', 'PayoutApproved']);

      const second = await stripeSaga();
      expect(second.open().map((open) => open.payoutId)).toEqual([payoutId]);
      await second.tick();

      expect(stripe.transfersByKey.get(payoutId)).toBe(1);
      expect(await types()).toEqual(['PayoutRequested', 'PayoutApproved', 'PayoutSent']);
    });

    it('checkpoints just before the oldest open payout, and past it once it is closed', async () => {
      await world.approved(stripeAccount(), 7_500);
      const requestedAt = (await world.store.headPosition()) - 1;
      stripe.failNextWith = { status: 503, type: 'api_error' };
      const saga = await started(
        world.saga([stripeConnect(stripe)], { retry: { baseMs: 60_000, maxMs: 60_000 } }),
      );

      await saga.tick();
      expect((await world.store.readCheckpoint('payout-saga'))!.position).toBe(requestedAt - 1);

      await world.later(saga, 60_000);
      await saga.tick();
      expect((await world.store.readCheckpoint('payout-saga'))!.position).toBe(
        await world.store.headPosition(),
      );
    });

    it('two sagas running at once pay once', async () => {
      const { payoutId } = await world.approved(stripeAccount(), 7_500);
      stripe.delayMs = 100;
      const one = await started(world.saga([stripeConnect(stripe)]));
      const two = await started(world.saga([stripeConnect(stripe)]));

      await Promise.all([one.tick(), two.tick()]);
      await Promise.all([world.later(one), world.later(two)]);

      expect(stripe.transfersByKey.get(payoutId)).toBe(1);
      expect(stripe.transfers).toHaveLength(1);
      expect((await types()).filter((type) => type === 'PayoutSent')).toHaveLength(1);
    });
  });

  describe('attention', () => {
    it('keeps a payout whose method has no provider open, listed and not failed', async () => {
      const { payoutId } = await world.approved(paypalAccount(), 7_500);
      const saga = await stripeSaga();

      await world.later(saga);

      expect(await types()).toEqual(['PayoutRequested', 'PayoutApproved']);
      expect(saga.needsAttention()).toEqual([
        expect.objectContaining({ payoutId, code: 'provider_not_configured', attempts: 1 }),
      ]);
      expect(world.logLines.join('\n')).toContain(
        `PAYOUT NEEDS ATTENTION ${payoutId} (provider_not_configured)`,
      );
    });

    it('retries refused credentials at the slow pace and pays once they work', async () => {
      const { payoutId } = await world.approved(stripeAccount(), 7_500);
      stripe.failNextWith = {
        status: 401,
        type: 'invalid_request_error',
        message: 'Invalid API Key provided',
      };
      const saga = await stripeSaga();

      await saga.tick();
      expect(saga.needsAttention()).toEqual([
        expect.objectContaining({ payoutId, code: 'provider_auth' }),
      ]);
      await world.later(saga, 30_000);
      expect(saga.open()[0]!.attempts).toBe(1);

      await world.later(saga, 30_000);

      expect(saga.needsAttention()).toEqual([]);
      expect(stripe.transfersByKey.get(payoutId)).toBe(1);
      expect(await types()).toContain('PayoutSent');
    });
  });

  describe('attention as a fact in the log', () => {
    it('records the provider refusal once on the ledger; a saga started later lists it; the payment clears it', async () => {
      const { payoutId } = await world.approved(stripeAccount(), 7_500);
      stripe.keyRevoked = true;
      const first = await stripeSaga();
      await first.tick();
      await world.later(first, 15 * 60_000);

      const raised = await world.attentionEvents();
      expect(raised).toEqual([
        expect.objectContaining({
          type: 'PayoutAttentionRaised',
          data: expect.objectContaining({ payoutId, answer: 1, code: 'provider_auth' }),
        }),
      ]);
      await first.stop();
      const second = await stripeSaga();
      expect(second.needsAttention()).toEqual([
        expect.objectContaining({
          payoutId,
          code: 'provider_auth',
          message: raised[0]!.data.message,
          since: raised[0]!.data.since,
          answeredAt: raised[0]!.data.occurredAt,
        }),
      ]);

      stripe.keyRevoked = false;
      await world.later(second, 15 * 60_000);
      expect(await types()).toContain('PayoutSent');
      expect(second.needsAttention()).toEqual([]);
      expect((await world.attentionEvents()).map((event) => event.type)).toEqual([
        'PayoutAttentionRaised',
      ]);
    });
  });

  describe('doubt is never failure', () => {
    it('a provider 401 on the retry after a lost answer: no second transfer, parked, not failed, balance kept; the admin cancels it back to due', async () => {
      const saga = await stripeSaga();
      const { affiliateId, payoutId } = await world.approved(stripeAccount(), 7_500);
      stripe.dropTransferAnswers = 2; // the transfer is made, its answer lost (and the client's own retry's)
      await saga.tick();
      expect(stripe.transfersIn(payoutId)).toHaveLength(1);
      expect(saga.open()[0]).toMatchObject({ payoutId, lastError: expect.any(String) });

      stripe.keyRevoked = true;
      await world.later(saga);

      expect(stripe.transfersIn(payoutId)).toHaveLength(1);
      expect(await types()).toEqual(['PayoutRequested', 'PayoutApproved']);
      expect(saga.needsAttention()).toEqual([
        expect.objectContaining({ payoutId, code: 'provider_auth' }),
      ]);
      expect((await world.ledger(affiliateId)).balances).toMatchObject({
        dueCents: 0,
        requestedCents: 7_500,
        paidCents: 0,
      });

      // The admin looks in Stripe, reverses the transfer the lost answer hid, and only then cancels.
      await world.payouts.cancel(
        affiliateId,
        payoutId,
        { reason: 'transfer reversed by hand in Stripe', providerChecked: true },
        'admin',
      );
      await saga.tick();

      expect(await types()).toEqual(['PayoutRequested', 'PayoutApproved', 'PayoutCancelled']);
      expect((await world.ledger(affiliateId)).balances).toMatchObject({
        dueCents: 7_500,
        requestedCents: 0,
        paidCents: 0,
      });
      expect(saga.needsAttention()).toEqual([]);
      expect(saga.open()).toEqual([]);
      const audit = await new Audit(world.store, world.clock).run();
      expect(audit.invariants.filter((invariant) => !invariant.ok)).toEqual([]);
    });

    it('a refusal for a payout approved before the saga started (an earlier process may have sent it) is attention, not failure', async () => {
      stripe.closedAccounts.add('acct_1Closed');
      const { affiliateId, payoutId } = await world.approved(stripeAccount('acct_1Closed'), 7_500);
      const saga = await stripeSaga();

      await saga.tick();

      expect(await types()).toEqual(['PayoutRequested', 'PayoutApproved']);
      expect(saga.needsAttention()).toEqual([
        expect.objectContaining({ payoutId, code: 'refused_after_unknown_attempt' }),
      ]);
      expect((await world.ledger(affiliateId)).balances).toMatchObject({
        dueCents: 0,
        requestedCents: 7_500,
      });
    });

    it('a payout whose method has no provider can be cancelled by the admin and leaves the attention list', async () => {
      const saga = await stripeSaga();
      const { affiliateId, payoutId } = await world.approved(paypalAccount(), 7_500);
      await saga.tick();
      expect(saga.needsAttention()).toEqual([
        expect.objectContaining({ payoutId, code: 'provider_not_configured' }),
      ]);

      await world.payouts.cancel(
        affiliateId,
        payoutId,
        { reason: 'no PayPal here', providerChecked: true },
        'admin',
      );
      await saga.tick();

      expect(saga.needsAttention()).toEqual([]);
      expect((await world.ledger(affiliateId)).balances).toMatchObject({
        dueCents: 7_500,
        requestedCents: 0,
      });
    });
  });

  describe('a cancel racing a transfer in flight', () => {
    it('is shouted, not swallowed: the provider sent it, the ledger has it cancelled', async () => {
      const saga = await stripeSaga();
      const { affiliateId, payoutId } = await world.approved(stripeAccount(), 7_500);
      stripe.delayMs = 300; // the transfer is made at once, its answer comes later
      const sending = saga.tick();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await world.payouts.cancel(
        affiliateId,
        payoutId,
        { reason: 'looked too early', providerChecked: true },
        'admin',
      );
      await sending;

      expect(stripe.transfersIn(payoutId)).toHaveLength(1);
      expect(await types()).toEqual(['PayoutRequested', 'PayoutApproved', 'PayoutCancelled']);
      expect(world.logLines.join('\n')).toContain(
        `PAYOUT NEEDS ATTENTION ${payoutId} (sent_after_close)`,
      );
    });
  });

  describe('suspended affiliates', () => {
    it('get no auto-approval: the payout waits for an admin, and the attention list says why', async () => {
      await world.setRules({ autoApproveBelowCents: 10_000 });
      const { affiliateId, payoutId } = await world.requested(stripeAccount(), 6_000);
      await new UpdateAffiliate(world.log, world.clock).update(
        affiliateId,
        { status: 'suspended' },
        'admin',
      );
      const saga = await stripeSaga();

      await saga.tick();
      await world.later(saga, 3_600_000);

      expect(await types()).toEqual(['PayoutRequested']);
      expect(stripe.transfers).toHaveLength(0);
      expect(saga.needsAttention()).toEqual([
        expect.objectContaining({
          payoutId,
          code: 'affiliate_suspended',
          message: expect.stringMatching(/suspended/),
        }),
      ]);

      await world.payouts.reject(affiliateId, payoutId, 'suspended affiliate', 'admin');
      await saga.tick();
      expect(saga.needsAttention()).toEqual([]);
    });
  });
});
