import { ReadModelQueryError } from '../src/dashboard-queries';
import { commissionsProjection } from '../src/commissions/commissions.projection';
import { given } from './support/given';
import {
  commissionDue,
  commissionEarned,
  commissionRestored,
  commissionReversed,
  payoutFailed,
  payoutRejected,
  payoutRequested,
  payoutSent,
} from './support/ledger-events';

const earned = (
  commissionId: string,
  amountCents: number,
  earnedAt = '2025-01-01T00:00:00.000Z',
  affiliateId = 'aff-1',
) => commissionEarned({ commissionId, amountCents, earnedAt, affiliateId });
const statuses = async (queries: Awaited<ReturnType<typeof given>>['queries']) =>
  Object.fromEntries(
    (await queries.commissions('aff-1')).items.map((item) => [item.commissionId, item.status]),
  );

describe('commissions', () => {
  it('lists an earned commission as pending, in the hold until its due date', async () => {
    const { queries } = await given(commissionsProjection(), [
      commissionEarned({
        commissionId: 'o1',
        amountCents: 1_000,
        earnedAt: '2025-01-01T10:00:00Z',
        dueAt: '2025-01-31T10:00:00Z',
      }),
    ]);
    expect((await queries.commissions('aff-1')).items).toEqual([
      {
        commissionId: 'o1',
        orderId: 'o1',
        amountCents: 1_000,
        currency: 'EUR',
        status: 'pending',
        earnedAt: '2025-01-01T10:00:00.000Z',
        dueAt: '2025-01-31T10:00:00.000Z',
      },
    ]);
  });

  it('makes it due after the hold; in a payout it stays due, naming the payout; sent, it is paid', async () => {
    const history = [earned('o1', 6_000), commissionDue('o1', 6_000)];
    expect(await statuses((await given(commissionsProjection(), history)).queries)).toEqual({
      o1: 'due',
    });
    const requested = [
      ...history,
      payoutRequested({ payoutId: 'p1', amountCents: 6_000, commissionIds: ['o1'] }),
    ];
    expect(
      (await (await given(commissionsProjection(), requested)).queries.commissions('aff-1'))
        .items[0],
    ).toMatchObject({ status: 'due', payoutId: 'p1' });
    const { queries } = await given(commissionsProjection(), [
      ...requested,
      payoutSent('p1', 6_000),
    ]);
    expect((await queries.commissions('aff-1')).items[0]).toMatchObject({
      status: 'paid',
      payoutId: 'p1',
      paidAt: '2025-04-02T10:00:00.000Z',
    });
    expect(
      (await queries.commissions('aff-1', { status: 'paid' })).items.map(
        (item) => item.commissionId,
      ),
    ).toEqual(['o1']);
    expect((await queries.commissions('aff-1', { status: 'due' })).items).toEqual([]);
  });

  it('returns the commissions of a failed or rejected payout to due, in no payout', async () => {
    for (const outcome of [payoutFailed('p1', 6_000), payoutRejected('p1', 6_000)]) {
      const { queries } = await given(commissionsProjection(), [
        earned('o1', 6_000),
        commissionDue('o1', 6_000),
        payoutRequested({ payoutId: 'p1', amountCents: 6_000, commissionIds: ['o1'] }),
        outcome,
      ]);
      const [commission] = (await queries.commissions('aff-1', { status: 'due' })).items;
      expect(commission.status).toBe('due');
      expect(commission.payoutId).toBeUndefined();
    }
  });

  it('is paid by the payout that sent it, not by an earlier one that failed', async () => {
    const { queries } = await given(commissionsProjection(), [
      earned('o1', 6_000),
      commissionDue('o1', 6_000),
      payoutRequested({ payoutId: 'p1', amountCents: 6_000, commissionIds: ['o1'] }),
      payoutFailed('p1', 6_000),
      payoutRequested({ payoutId: 'p2', amountCents: 6_000, commissionIds: ['o1'] }),
      payoutSent('p2', 6_000),
      payoutSent('p1', 6_000),
    ]);
    expect((await queries.commissions('aff-1')).items[0]).toMatchObject({
      status: 'paid',
      payoutId: 'p2',
    });
  });

  it('shows the net amount after a partial refund, and reversed once fully reversed', async () => {
    const { queries } = await given(commissionsProjection(), [
      earned('o1', 1_000),
      earned('o2', 1_000, '2025-01-02T00:00:00.000Z'),
      commissionReversed({ commissionId: 'o1', amountCents: 400, balance: 'pending' }),
      commissionReversed({
        commissionId: 'o2',
        amountCents: 400,
        balance: 'pending',
        reversalId: 'a',
      }),
      commissionReversed({
        commissionId: 'o2',
        amountCents: 600,
        balance: 'pending',
        reversalId: 'b',
      }),
    ]);
    expect(
      (await queries.commissions('aff-1')).items.map(({ commissionId, status, amountCents }) => [
        commissionId,
        status,
        amountCents,
      ]),
    ).toEqual([
      ['o2', 'reversed', 0],
      ['o1', 'pending', 600],
    ]);
  });

  it('keeps a paid commission paid after a partial clawback; a won dispute restores a reversed one', async () => {
    const { queries } = await given(commissionsProjection(), [
      earned('o1', 6_000),
      commissionDue('o1', 6_000),
      payoutRequested({ payoutId: 'p1', amountCents: 6_000, commissionIds: ['o1'] }),
      payoutSent('p1', 6_000),
      commissionReversed({
        commissionId: 'o1',
        amountCents: 1_000,
        balance: 'due',
        clawback: true,
      }),
      earned('o2', 500, '2025-01-02T00:00:00.000Z'),
      commissionReversed({ commissionId: 'o2', amountCents: 500, balance: 'pending' }),
      commissionRestored({ commissionId: 'o2', amountCents: 500, balance: 'pending' }),
    ]);
    expect(
      (await queries.commissions('aff-1')).items.map(({ commissionId, status, amountCents }) => [
        commissionId,
        status,
        amountCents,
      ]),
    ).toEqual([
      ['o2', 'pending', 500],
      ['o1', 'paid', 5_000],
    ]);
    expect((await queries.commissions('aff-1', { status: 'reversed' })).items).toEqual([]);
  });

  it('pages newest first with a cursor, by status too, and keeps affiliates apart', async () => {
    const history = Array.from({ length: 7 }, (_, i) =>
      earned(`o${i}`, 100 + i, `2025-01-0${(i % 3) + 1}T00:00:00.000Z`),
    );
    const { queries } = await given(commissionsProjection(), [
      ...history,
      earned('x', 1, '2025-01-09T00:00:00.000Z', 'aff-2'),
      commissionDue('o3', 103),
    ]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await queries.commissions('aff-1', { limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((item) => `${item.earnedAt.slice(0, 10)} ${item.commissionId}`));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...seen].sort().reverse());
    expect(seen).toHaveLength(7);
    expect(
      (await queries.commissions('aff-1', { status: 'pending', limit: 200 })).items,
    ).toHaveLength(6);
    expect(
      (await queries.commissions('aff-1', { status: 'due' })).items.map(
        (item) => item.commissionId,
      ),
    ).toEqual(['o3']);
    expect((await queries.commissions('aff-1', { limit: 7 })).nextCursor).toBeNull();
  });

  it('refuses an unknown status, a bad limit or a forged cursor', async () => {
    const { queries } = await given(commissionsProjection(), []);
    await expect(queries.commissions('aff-1', { status: 'open' as never })).rejects.toBeInstanceOf(
      ReadModelQueryError,
    );
    await expect(queries.commissions('aff-1', { limit: 0 })).rejects.toBeInstanceOf(
      ReadModelQueryError,
    );
    await expect(queries.commissions('aff-1', { limit: 201 })).rejects.toBeInstanceOf(
      ReadModelQueryError,
    );
    await expect(queries.commissions('aff-1', { cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
