import { createEventStore, type EventStore } from '@threadtrak/event-store';
import { streams, UNBACKED_CLAIM_EXPIRES_MS } from '@threadtrak/ledger';
import { matchingApiKey } from '../../src/affiliates/credentials';
import { RegisterAffiliate } from '../../src/affiliates/register-affiliate';
import { ManualClock } from '../../src/clock';
import { EventLog } from '../../src/event-log';
import { Facts } from '../../src/facts';

describe('registering an affiliate', () => {
  let store: EventStore;
  let log: EventLog;
  let register: RegisterAffiliate;
  const clock = new ManualClock(new Date('2026-06-01T12:00:00.000Z'));
  const request = (refCode: string) => ({
    name: 'Ann',
    email: 'ann@example.com',
    refCode,
    productScope: 'all' as const,
  });

  beforeEach(async () => {
    store = await createEventStore('sqlite::memory:');
    log = new EventLog(store);
    register = new RegisterAffiliate(log, new Facts(log), clock, 'email-secret');
  });
  afterEach(() => store.close());

  it('writes the registration and its first key (with an id) to the affiliate stream; the key is only a hash there', async () => {
    const { affiliateId, apiKey } = await register.execute(request('ann'), 'admin');

    const types: string[] = [];
    for await (const event of store.readStream(streams.affiliate(affiliateId)))
      types.push(event.type);
    expect(types).toEqual(['AffiliateRegistered', 'ApiKeyIssued']);
    const affiliate = (await new Facts(log).affiliate(affiliateId))!;
    expect(matchingApiKey(affiliate.apiKeys, apiKey)).toMatchObject({
      keyId: expect.stringMatching(/^key_/),
    });
    const everything: string[] = [];
    for await (const event of store.readAll()) everything.push(JSON.stringify(event.data));
    expect(everything.join()).not.toContain(apiKey);
  });

  it('a claim whose registration was never written (a crash between the two appends) holds the code a minute, then no longer', async () => {
    await log.append(
      streams.refCode('orphan'),
      [
        {
          event: {
            type: 'RefCodeClaimed',
            data: {
              refCode: 'orphan',
              affiliateId: 'aff_0000000000000dead',
              occurredAt: clock.now().toISOString(),
            },
          },
          cause: 'refcode:orphan:dead',
        },
      ],
      'no_stream',
      { actor: 'admin' },
    );

    await expect(register.execute(request('orphan'), 'admin')).rejects.toMatchObject({
      code: 'ref_code_taken',
    });
    clock.advance(UNBACKED_CLAIM_EXPIRES_MS);
    const { affiliateId } = await register.execute(request('orphan'), 'admin');

    expect(await new Facts(log).affiliateOfRefCode('orphan')).toBe(affiliateId);
    await expect(register.execute(request('orphan'), 'admin')).rejects.toMatchObject({
      code: 'ref_code_taken',
    });
  });

  it('a taken code is refused and writes nothing', async () => {
    await register.execute(request('taken'), 'admin');
    const head = await store.headPosition();
    await expect(register.execute(request('taken'), 'admin')).rejects.toMatchObject({
      code: 'ref_code_taken',
      kind: 'conflict',
    });
    expect(await store.headPosition()).toBe(head);
  });
});
