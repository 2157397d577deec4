import { createEventStore, type EventStore } from '@threadtrak/event-store';
import { streams } from '@threadtrak/ledger';
import { ChangeAffiliate } from '../../src/affiliates/change-affiliate';
import { Directory } from '../../src/affiliates/directory';
import { RegisterAffiliate } from '../../src/affiliates/register-affiliate';
import { SetPromoCodes } from '../../src/affiliates/set-promo-codes';
import { UpdateAffiliate } from '../../src/affiliates/update-affiliate';
import { ManualClock } from '../../src/clock';
import { EventLog } from '../../src/event-log';
import { Facts } from '../../src/facts';

describe('changing an affiliate (PATCH /v1/admin/affiliates/{id})', () => {
  let store: EventStore;
  let remembered: Parameters<Directory['remember']>[0][];
  let change: ChangeAffiliate;
  let affiliateId: string;
  const clock = new ManualClock(new Date('2026-06-01T12:00:00.000Z'));

  const typesOf = async (stream: string) => {
    const types: string[] = [];
    for await (const event of store.readStream(stream)) types.push(event.type);
    return types;
  };

  beforeEach(async () => {
    store = await createEventStore('sqlite::memory:');
    const log = new EventLog(store);
    const facts = new Facts(log);
    remembered = [];
    const directory = { remember: (event) => remembered.push(event) } as Pick<
      Directory,
      'remember'
    >;
    change = new ChangeAffiliate(
      new SetPromoCodes(log, facts, clock),
      new UpdateAffiliate(log, clock),
      directory as Directory,
      clock,
    );
    ({ affiliateId } = await new RegisterAffiliate(log, facts, clock, 'email-secret').execute(
      { name: 'Ann', email: 'ann@example.com', refCode: 'ann', productScope: 'all' },
      'admin',
    ));
  });
  afterEach(() => store.close());

  it('codes and the other changes in one call: the codes first, then the rest; the answer has both', async () => {
    const changed = await change.execute(
      affiliateId,
      { promoCodes: ['ann10'], rateBps: 1500, status: 'suspended' },
      'admin',
    );

    expect(changed).toMatchObject({ promoCodes: ['ANN10'], rateBps: 1500, status: 'suspended' });
    expect(await typesOf(streams.affiliate(affiliateId))).toEqual([
      'AffiliateRegistered',
      'ApiKeyIssued',
      'PromoCodesSet',
      'AffiliateUpdated',
    ]);
  });

  it('the directory is told the new codes at once, not when its subscription reads them', async () => {
    await change.execute(affiliateId, { promoCodes: ['spring', 'ANN10'] }, 'admin');
    expect(remembered).toEqual([
      {
        type: 'PromoCodesSet',
        data: {
          affiliateId,
          promoCodes: ['ANN10', 'SPRING'],
          occurredAt: clock.now().toISOString(),
        },
      },
    ]);
  });

  it('a refused code changes nothing else: the rest of the change is not applied', async () => {
    await expect(
      change.execute(affiliateId, { promoCodes: ['A', 'a'], rateBps: 1500 }, 'admin'),
    ).rejects.toMatchObject({ code: 'promo_code_repeated' });
    expect(remembered).toEqual([]);
    expect(await typesOf(streams.affiliate(affiliateId))).toEqual([
      'AffiliateRegistered',
      'ApiKeyIssued',
    ]);
  });

  it('only the other changes: no promotion-code event', async () => {
    expect(await change.execute(affiliateId, { productScope: ['lamp'] }, 'admin')).toMatchObject({
      productScope: ['lamp'],
    });
    expect(await typesOf(streams.affiliate(affiliateId))).not.toContain('PromoCodesSet');
  });
});
