import { createEventStore } from '@threadtrak/event-store';
import { newClickId, newVisitorId } from '@threadtrak/links';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { closeRuntime, createRuntime, type Runtime } from '../../src/runtime';

/** An order that brings only its click id finds the visitor and the visitor's clicks in the log. */
describe('an order naming its click', () => {
  let runtime: Runtime;
  let dir: string;
  const affiliates: Record<string, string> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tt-order-click-'));
    const store = await createEventStore(`sqlite:${join(dir, 'events.db')}`);
    runtime = await createRuntime(
      loadConfig({
        DATA_DIR: dir,
        ADMIN_TOKEN: 'x',
        IP_HASH_SALT: 'salt',
        CLICK_SKEW_SECONDS: '60',
      }),
      {
        store,
        clock: new ManualClock(new Date('2026-03-01T12:00:00Z')),
      },
    );
    await runtime.setRules.execute({ defaultRateBps: 1000 }, 'admin');
    await runtime.listProduct.execute(
      { productId: 'tee', name: 'Tee', url: 'https://shop.test/tee', eligible: true },
      'admin',
    );
    for (const name of ['ann', 'bob'])
      affiliates[name] = (
        await runtime.registerAffiliate.execute(
          { name, email: `${name}@example.com`, refCode: name, productScope: 'all' },
          'admin',
        )
      ).affiliateId;
  });
  afterAll(async () => {
    await closeRuntime(runtime);
    rmSync(dir, { recursive: true, force: true });
  });

  const click = (clickId: string, visitorId: string, who: string, occurredAt: string) =>
    runtime.recordClick.execute({
      clickId,
      visitorId,
      affiliateId: affiliates[who],
      refCode: who,
      linkKind: 'canonical',
      bot: false,
      ipHash: 'h',
      occurredAt,
    });
  const order = (orderId: string, clickId: string, paidAt: string) =>
    runtime.recordOrder.execute(
      {
        orderId,
        paidAt,
        currency: 'USD',
        clickId,
        lines: [{ productId: 'tee', quantity: 1, amountCents: 2000 }],
      },
      'api',
      { actor: 'admin' },
    );

  it('an opaque click id finds its visitor; under last_click the named click wins over a later one', async () => {
    const visitorId = newVisitorId();
    const annClick = newClickId();
    await click(annClick, visitorId, 'ann', '2026-03-01T10:00:00.000Z');
    await click(newClickId(), visitorId, 'bob', '2026-03-01T11:00:00.000Z');
    const { answer } = await order('o-opaque', annClick, '2026-03-01T11:30:00Z');
    expect(answer).toMatchObject({
      attributed: true,
      affiliateId: affiliates.ann,
      commissionCents: 200,
    });
  });

  it('a click id of the old shape ({visitorId}.{suffix}) recorded before opaque ids still attributes', async () => {
    const visitorId = newVisitorId();
    const legacy = `${visitorId}.AAAAAAAAAAAA`;
    await click(legacy, visitorId, 'bob', '2026-03-01T09:00:00.000Z');
    const { answer } = await order('o-legacy', legacy, '2026-03-01T09:30:00Z');
    expect(answer).toMatchObject({ attributed: true, affiliateId: affiliates.bob });
  });

  it('CLICK_SKEW_SECONDS sets the tolerance: 60 s after paidAt counts, 61 s does not', async () => {
    const onTime = newClickId();
    const late = newClickId();
    await click(onTime, newVisitorId(), 'ann', '2026-03-01T12:01:00.000Z');
    await click(late, newVisitorId(), 'ann', '2026-03-01T12:01:01.000Z');
    expect((await order('o-skew-60', onTime, '2026-03-01T12:00:00Z')).answer.attributed).toBe(true);
    expect((await order('o-skew-61', late, '2026-03-01T12:00:00Z')).answer.attributed).toBe(false);
  });

  it('a click id never recorded attributes nothing', async () => {
    expect((await order('o-unknown', newClickId(), '2026-03-01T12:00:00Z')).answer.attributed).toBe(
      false,
    );
  });
});
