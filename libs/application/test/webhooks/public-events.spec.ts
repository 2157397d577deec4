import type { RecordedEvent } from '@threadtrak/event-store';
import { toPublicEvent } from '../../src/webhooks/public-events';

const recorded = (
  type: string,
  data: unknown,
  id = '0f8fad5b-d9cb-469f-a165-70867728950e',
): RecordedEvent => ({
  id,
  type,
  data,
  metadata: {},
  streamName: 's',
  revision: 0,
  position: 1,
  recordedAt: new Date('2026-01-10T12:00:00.000Z'),
});

describe('the public event a log event reports', () => {
  it('a commission earned is reported with an id derived from the log event, the same every time', () => {
    const event = recorded('CommissionEarned', {
      commissionId: 'ord_1',
      affiliateId: 'aff_1',
      orderId: 'ord_1',
      clickId: 'c',
      rulesVersion: 1,
      lines: [],
      amountCents: 150,
      currency: 'USD',
      earnedAt: '2026-01-10T12:00:00.000Z',
      dueAt: '2026-02-09T12:00:00.000Z',
    });
    const reported = toPublicEvent(event);
    expect(reported).toEqual({
      id: 'evt_0f8fad5bd9cb469fa16570867728950e',
      type: 'commission.earned',
      createdAt: '2026-01-10T12:00:00.000Z',
      data: {
        commissionId: 'ord_1',
        affiliateId: 'aff_1',
        orderId: 'ord_1',
        amountCents: 150,
        currency: 'USD',
        earnedAt: '2026-01-10T12:00:00.000Z',
        dueAt: '2026-02-09T12:00:00.000Z',
        reattributionId: null,
      },
    });
    expect(toPublicEvent(event)).toEqual(reported);
  });

  it('an order nobody earns on is not reported as attributed', () => {
    expect(toPublicEvent(recorded('OrderPaid', { orderId: 'o', attribution: null }))).toBeNull();
  });

  it('a payout request names the method, never the payout account', () => {
    const reported = toPublicEvent(
      recorded('PayoutRequested', {
        payoutId: 'po_1',
        affiliateId: 'aff_1',
        amountCents: 5000,
        currency: 'USD',
        account: { method: 'paypal', email: 'jane@example.com' },
        commissionIds: [],
        clawbackIds: [],
        requestedAt: '2026-01-10T12:00:00.000Z',
      }),
    );
    expect(reported?.type).toBe('payout.requested');
    expect(JSON.stringify(reported)).not.toContain('jane@example.com');
    expect(reported?.data.method).toBe('paypal');
  });

  it('clicks, rules and the webhooks’ own events report nothing', () => {
    expect(toPublicEvent(recorded('ClickRecorded', {}))).toBeNull();
    expect(toPublicEvent(recorded('WebhookDelivered', {}))).toBeNull();
  });
});
