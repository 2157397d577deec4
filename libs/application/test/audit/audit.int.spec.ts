import { Audit, toCsv, type AuditReport } from '../../src/audit/audit';
import { ReattributionWorld, day as reattributionDay } from '../reattribution/reattribution.world';
import { AuditWorld, day } from './audit.world';

const invariant = (report: AuditReport, name: string) =>
  report.invariants.find((i) => i.name === name)!;
const failing = (report: AuditReport) => report.invariants.filter((i) => !i.ok).map((i) => i.name);
const balancesOf = (report: AuditReport, affiliateId: string) => {
  const { affiliateId: _, ...balances } = report.affiliates.find(
    (a) => a.affiliateId === affiliateId,
  )!;
  return balances;
};

describe('Audit: balances as of an instant, replayed from the log, with invariant checks', () => {
  let world: AuditWorld;
  beforeEach(async () => {
    world = await AuditWorld.open();
    await world.build();
  });
  afterEach(async () => world.close());

  it('an honest log: every invariant holds and each balance equals the ledger the write side loads', async () => {
    const report = await world.audit();
    expect(failing(report)).toEqual([]);
    expect(report.invariants.map((i) => i.name)).toEqual([
      'events_well_formed',
      'commissions_traced',
      'commissions_sum_to_balances',
      'balances_add_up',
      'payouts_within_due',
      'payout_outcomes_match_requests',
      'nothing_paid_twice',
    ]);
    expect(invariant(report, 'commissions_traced').detail).toMatch(/^4 commissions checked/);
    expect(report.affiliates.map((a) => a.affiliateId)).toEqual([world.ann, world.bob].sort());
    for (const affiliateId of [world.ann, world.bob])
      expect(balancesOf(report, affiliateId)).toEqual(await world.balances(affiliateId));
    // Ann: o1 5000 and o2 2000 less 500 refunded, paid 6500; o1 refunded after the payout (a clawback); o5 4000 pending.
    expect(balancesOf(report, world.ann)).toEqual({
      earnedCents: 11_000,
      reversedCents: 5_500,
      pendingCents: 4_000,
      dueCents: -5_000,
      requestedCents: 0,
      paidCents: 6_500,
    });
    expect(balancesOf(report, world.bob)).toMatchObject({
      earnedCents: 6_000,
      paidCents: 6_000,
      dueCents: 0,
      requestedCents: 0,
    });
    expect(report.totals).toEqual({
      earnedCents: 17_000,
      reversedCents: 5_500,
      pendingCents: 4_000,
      dueCents: -5_000,
      requestedCents: 0,
      paidCents: 12_500,
    });
    const head = await world.store.headPosition();
    expect(report.through.position).toBe(head);
    expect(report.chain).toMatchObject({ ok: true, events: head, headPosition: head });
    expect(report.chain.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.through.hash).toBe(report.chain.headHash);
  });

  it('as of an instant before the payouts: nothing paid or requested, the commissions due', async () => {
    const report = await world.audit(world.beforePayouts);
    expect(report.at).toBe(world.beforePayouts.toISOString());
    expect(failing(report)).toEqual([]);
    expect(balancesOf(report, world.ann)).toEqual({
      earnedCents: 7_000,
      reversedCents: 500,
      pendingCents: 0,
      dueCents: 6_500,
      requestedCents: 0,
      paidCents: 0,
    });
    expect(balancesOf(report, world.bob)).toEqual({
      earnedCents: 6_000,
      reversedCents: 0,
      pendingCents: 0,
      dueCents: 6_000,
      requestedCents: 0,
      paidCents: 0,
    });
    expect(report.through.position).toBeLessThan(await world.store.headPosition());
    // The chain is still checked over the whole log.
    expect(report.chain.events).toBe(await world.store.headPosition());
    expect(await world.audit(new Date(0))).toMatchObject({
      affiliates: [],
      through: { position: 0, hash: null },
    });
  });

  it('a payout sent twice is reported, not thrown', async () => {
    const sent = (await world.ledgerEvents(world.ann)).find((e) => e.type === 'PayoutSent')!;
    await world.appendToLedger(
      world.ann,
      { type: 'PayoutSent', data: { ...sent.data, providerRef: 'PP-again' } },
      'sent-again',
    );
    const report = await world.audit();
    expect(failing(report)).toEqual(['nothing_paid_twice']);
    expect(invariant(report, 'nothing_paid_twice').detail).toContain(
      `payout ${sent.data.payoutId}`,
    );
    expect(balancesOf(report, world.ann)).toMatchObject({
      paidCents: 13_000,
      requestedCents: -6_500,
    });
  });

  it('a commission carried by a second sent payout is paid twice', async () => {
    const [commissionId] = (await world.ledgerEvents(world.ann)).find(
      (e) => e.type === 'PayoutRequested',
    )!.data.commissionIds;
    const base = {
      payoutId: 'forged',
      affiliateId: world.ann,
      amountCents: 100,
      occurredAt: day(45),
    };
    await world.appendToLedger(
      world.ann,
      {
        type: 'PayoutRequested',
        data: {
          ...base,
          currency: 'USD',
          account: { method: 'paypal', email: 'x@example.com' },
          commissionIds: [commissionId],
          clawbackIds: [],
          requestedAt: day(45),
        },
      },
      'forged-1',
    );
    await world.appendToLedger(
      world.ann,
      { type: 'PayoutApproved', data: { ...base, approvedBy: 'admin' } },
      'forged-2',
    );
    await world.appendToLedger(
      world.ann,
      { type: 'PayoutSent', data: { ...base, providerRef: 'PP-forged' } },
      'forged-3',
    );
    const report = await world.audit();
    // Ann's due balance is negative (a clawback), so the request was above it too.
    expect(failing(report)).toEqual(['payouts_within_due', 'nothing_paid_twice']);
    expect(invariant(report, 'nothing_paid_twice').detail).toContain(
      `commission ${commissionId} paid by payout`,
    );
  });

  it('a commission without an order or a click, and an unreadable amount, are reported', async () => {
    await world.appendToLedger(
      world.bob,
      {
        type: 'CommissionEarned',
        data: {
          commissionId: 'ghost',
          affiliateId: world.bob,
          orderId: 'ghost',
          clickId: 'nobody.x',
          rulesVersion: 1,
          lines: [],
          amountCents: 900,
          currency: 'USD',
          earnedAt: day(42),
          dueAt: day(72),
        },
      },
      'ghost',
    );
    await world.appendToLedger(
      world.bob,
      {
        type: 'CommissionDue',
        data: {
          commissionId: 'ghost',
          affiliateId: world.bob,
          amountCents: 'lots' as never,
          occurredAt: day(72),
        },
      },
      'ghost-due',
    );
    const report = await world.audit();
    expect(failing(report)).toEqual(['events_well_formed', 'commissions_traced']);
    expect(invariant(report, 'commissions_traced').detail).toContain('commission ghost');
    expect(invariant(report, 'commissions_traced').detail).toContain('no order attribution');
    expect(invariant(report, 'commissions_traced').detail).toContain('no human click nobody.x');
    expect(invariant(report, 'events_well_formed').detail).toContain('CommissionDue');
  });

  it('a commission earned a second time, in another ledger, and a reversal above its amount', async () => {
    const earned = (await world.ledgerEvents(world.bob)).find(
      (e) => e.type === 'CommissionEarned',
    )!;
    await world.appendToLedger(
      world.ann,
      {
        type: 'CommissionEarned',
        data: { ...earned.data, affiliateId: world.ann, commissionId: 'o3' },
      },
      'stolen',
    );
    await world.appendToLedger(
      world.bob,
      {
        type: 'CommissionReversed',
        data: {
          reversalId: 'x',
          commissionId: 'o3',
          affiliateId: world.bob,
          orderId: 'o3',
          amountCents: 99_999,
          reason: 'refund',
          clawback: true,
          balance: 'due',
          occurredAt: day(50),
        },
      },
      'over',
    );
    const report = await world.audit();
    expect(failing(report)).toEqual(['commissions_traced', 'commissions_sum_to_balances']);
    expect(invariant(report, 'commissions_traced').detail).toContain('earned again');
    expect(invariant(report, 'commissions_sum_to_balances').detail).toContain('has 99999 reversed');
  });

  it('the balances as CSV', async () => {
    const report = await world.audit();
    const lines = toCsv(report).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'affiliateId,earnedCents,reversedCents,pendingCents,dueCents,requestedCents,paidCents',
    );
    expect(lines).toContain(`${world.ann},11000,5500,4000,-5000,0,6500`);
    expect(lines[lines.length - 1]).toBe('total,17000,5500,4000,-5000,0,12500');
  });
});

describe('Audit of a re-attributed history', () => {
  jest.setTimeout(60_000);

  it('commissions granted by a re-attribution trace to OrderReattributed; all invariants hold', async () => {
    const world = await ReattributionWorld.open();
    try {
      await world.build();
      await world.reattribute().run({
        from: reattributionDay(10),
        to: reattributionDay(80),
        rules: { attributionModel: 'first_click' },
        dryRun: false,
      });
      const report = await new Audit(world.store).run();
      expect(report.invariants.filter((i) => !i.ok)).toEqual([]);
      for (const { affiliateId } of world.affiliates) {
        const { affiliateId: _, ...balances } = report.affiliates.find(
          (a) => a.affiliateId === affiliateId,
        )!;
        expect(balances).toEqual(await world.balances(affiliateId));
      }
      let reattributed = 0;
      for await (const event of world.store.readAll())
        if (
          event.type === 'CommissionEarned' &&
          (event.data as { reattributionId?: string }).reattributionId
        )
          reattributed++;
      expect(reattributed).toBeGreaterThan(0);
    } finally {
      await world.close();
    }
  });
});
