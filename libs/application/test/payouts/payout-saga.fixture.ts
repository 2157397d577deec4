import { createEventStore, type EventStore } from '@threadtrak/event-store';
import {
  evolveLedger,
  initialLedger,
  streams,
  type PayoutAccount,
  type ProgramRules,
} from '@threadtrak/ledger';
import {
  PayoutProviders,
  PayPalPayoutsProvider,
  StripeConnectProvider,
  type PayoutProvider,
} from '@threadtrak/payouts';
import { RegisterAffiliate } from '../../src/affiliates/register-affiliate';
import { UpdateAffiliate } from '../../src/affiliates/update-affiliate';
import { ManualClock } from '../../src/clock';
import { EventLog } from '../../src/event-log';
import { Facts } from '../../src/facts';
import { PayoutSaga, type PayoutSagaDeps } from '../../src/payouts/payout-saga';
import { Payouts } from '../../src/payouts/payouts';
import { SetProgramRules } from '../../src/program/set-program-rules';
import type { FakePayPalServer } from '../../../payouts/testing/fake-paypal.server';
import type { FakeStripeServer } from '../../../payouts/testing/fake-stripe.server';
import { SagaProcess } from './saga-process';

/** The program, its affiliates and their ledgers on one event store, with a clock the specs move. */
export class PayoutWorld {
  readonly log: EventLog;
  readonly clock = new ManualClock(new Date('2025-06-01T00:00:00.000Z'));
  readonly payouts: Payouts;
  readonly logLines: string[] = [];
  private commissions = 0;

  private constructor(readonly store: EventStore) {
    this.log = new EventLog(store);
    this.payouts = new Payouts(this.log, new Facts(this.log), this.clock, {
      configuredMethods: ['paypal', 'stripe_connect'],
    });
  }

  static async open(url = 'sqlite::memory:'): Promise<PayoutWorld> {
    return new PayoutWorld(await createEventStore(url));
  }

  setRules(rules: Partial<ProgramRules>): Promise<unknown> {
    return new SetProgramRules(this.log, this.clock).execute(rules, 'admin');
  }

  /** A registered affiliate with a payout account and `dueCents` of commission out of its hold. */
  async affiliateWithDue(account: PayoutAccount, dueCents: number): Promise<string> {
    const { affiliateId } = await new RegisterAffiliate(
      this.log,
      new Facts(this.log),
      this.clock,
      'email-secret',
    ).execute({ name: 'Jane Doe', email: 'jane@example.com', productScope: 'all' }, 'admin');
    await new UpdateAffiliate(this.log, this.clock).setPayoutAccount(
      affiliateId,
      account,
      `affiliate:${affiliateId}`,
    );
    const commissionId = `order_${++this.commissions}`;
    const now = this.clock.now().toISOString();
    await this.log.append(
      streams.ledger(affiliateId),
      [
        {
          event: {
            type: 'CommissionEarned',
            data: {
              commissionId,
              affiliateId,
              orderId: commissionId,
              clickId: 'click_1',
              rulesVersion: 1,
              amountCents: dueCents,
              currency: 'USD',
              earnedAt: now,
              dueAt: now,
              lines: [
                {
                  productId: 'tee',
                  amountCents: dueCents * 10,
                  rateBps: 1000,
                  commissionCents: dueCents,
                  outcome: 'earns',
                },
              ],
            },
          },
          cause: `earned:${commissionId}`,
        },
        {
          event: {
            type: 'CommissionDue',
            data: { commissionId, affiliateId, amountCents: dueCents, occurredAt: now },
          },
          cause: `due:${commissionId}`,
        },
      ],
      'any',
      { actor: 'test' },
    );
    return affiliateId;
  }

  /** The affiliate asks for the whole due balance. */
  async requested(
    account: PayoutAccount,
    dueCents: number,
  ): Promise<{ affiliateId: string; payoutId: string }> {
    const affiliateId = await this.affiliateWithDue(account, dueCents);
    const { payoutId } = await this.payouts.request(
      affiliateId,
      undefined,
      `affiliate:${affiliateId}`,
    );
    return { affiliateId, payoutId };
  }

  /** Requested and approved by an admin. */
  async approved(
    account: PayoutAccount,
    dueCents: number,
  ): Promise<{ affiliateId: string; payoutId: string }> {
    const payout = await this.requested(account, dueCents);
    await this.payouts.approve(payout.affiliateId, payout.payoutId, 'admin', 'admin');
    return payout;
  }

  async ledger(affiliateId: string) {
    return (await this.log.load(streams.ledger(affiliateId), initialLedger(), evolveLedger)).state;
  }

  /** Every payout event in the log, in order. */
  /** The payout's money events (requested, approved, sent…): attention raised and cleared are apart. */
  async payoutEvents(): Promise<{ type: string; data: any }[]> {
    return (await this.allPayoutEvents()).filter(
      (event) => !event.type.startsWith('PayoutAttention'),
    );
  }

  async attentionEvents(): Promise<{ type: string; data: any }[]> {
    return (await this.allPayoutEvents()).filter((event) =>
      event.type.startsWith('PayoutAttention'),
    );
  }

  private async allPayoutEvents(): Promise<{ type: string; data: any }[]> {
    const events: { type: string; data: any }[] = [];
    for await (const event of this.store.readAll())
      if (event.type.startsWith('Payout') && event.type !== 'PayoutAccountSet') events.push(event);
    return events;
  }

  /** A payout saga on this world's log, run by its own LogProcessor (not started). */
  saga(providers: PayoutProvider[], overrides: Partial<PayoutSagaDeps> = {}): SagaProcess {
    const log = (line: string) => this.logLines.push(line);
    const saga = new PayoutSaga({
      store: this.store,
      payouts: this.payouts,
      providers: new PayoutProviders(providers),
      clock: this.clock,
      retry: { baseMs: 1_000, maxMs: 4_000 },
      attentionRetryMs: 60_000,
      log,
      random: () => 1,
      ...overrides,
    });
    return new SagaProcess(saga, this.store, log);
  }

  /** Past every backoff the specs use, then one round of work. */
  async later(saga: SagaProcess, ms = 5_000): Promise<void> {
    this.clock.advance(ms);
    await saga.tick();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

export const stripeConnect = (fake: FakeStripeServer, timeoutMs?: number): StripeConnectProvider =>
  new StripeConnectProvider({ secretKey: fake.secretKey, apiBase: fake.url, timeoutMs });

export const paypalPayouts = (fake: FakePayPalServer): PayPalPayoutsProvider =>
  new PayPalPayoutsProvider({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    apiBase: fake.url,
  });

export const stripeAccount = (accountId = 'acct_1JaneDoe'): PayoutAccount => ({
  method: 'stripe_connect',
  accountId,
});
export const paypalAccount = (email = 'jane@example.com'): PayoutAccount => ({
  method: 'paypal',
  email,
});
