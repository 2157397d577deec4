import { evolveDelivery, nextAttemptNumber, type Delivery } from '../../src/webhooks/delivery';
import type { WebhookDeliveryEvent } from '../../src/webhooks/webhook-events';

const scheduled: WebhookDeliveryEvent = {
  type: 'WebhookDeliveryScheduled',
  data: {
    deliveryId: 'whd_1',
    webhookId: 'we_1',
    eventId: 'evt_1',
    eventType: 'commission.earned',
    body: '{}',
    sourcePosition: 7,
    scheduledAt: '2026-01-10T12:00:00.000Z',
  },
};
const failed = (attempt: number, nextAttemptAt: string | null): WebhookDeliveryEvent => ({
  type: 'WebhookDeliveryAttempted',
  data: {
    deliveryId: 'whd_1',
    attempt,
    attemptedAt: '2026-01-10T12:00:00.000Z',
    responseStatus: 500,
    error: 'HTTP 500',
    durationMs: 3,
    nextAttemptAt,
  },
});
const delivered = (attempt: number): WebhookDeliveryEvent => ({
  type: 'WebhookDelivered',
  data: {
    deliveryId: 'whd_1',
    attempt,
    attemptedAt: '2026-01-10T12:05:00.000Z',
    responseStatus: 200,
    durationMs: 2,
  },
});
const redelivery = (requestId: string, afterAttempt: number): WebhookDeliveryEvent => ({
  type: 'WebhookRedeliveryRequested',
  data: {
    requestId,
    deliveryId: 'whd_1',
    webhookId: 'we_1',
    eventId: 'evt_1',
    eventType: 'commission.earned',
    body: '{}',
    afterAttempt,
    requestedAt: '2026-01-11T09:00:00.000Z',
  },
});

const given = (...events: WebhookDeliveryEvent[]): Delivery | undefined =>
  events.reduce<Delivery | undefined>(evolveDelivery, undefined);

describe('a delivery folded from its endpoint stream', () => {
  it('is pending once scheduled, with the next attempt due at once', () => {
    const delivery = given(scheduled)!;
    expect(delivery).toMatchObject({
      status: 'pending',
      nextAttemptAt: Date.parse('2026-01-10T12:00:00.000Z'),
      attempts: [],
    });
    expect(nextAttemptNumber(delivery)).toBe(1);
  });

  it('a failed attempt keeps it pending until the next attempt time; a 2xx delivers it', () => {
    expect(given(scheduled, failed(1, '2026-01-10T12:01:00.000Z'))).toMatchObject({
      status: 'pending',
      nextAttemptAt: Date.parse('2026-01-10T12:01:00.000Z'),
    });
    expect(given(scheduled, failed(1, '2026-01-10T12:01:00.000Z'), delivered(2))).toMatchObject({
      status: 'delivered',
      nextAttemptAt: null,
    });
  });

  it('a failed attempt after the retry window marks it failed', () => {
    expect(given(scheduled, failed(1, null))).toMatchObject({
      status: 'failed',
      nextAttemptAt: null,
    });
  });

  it('folding the same events again changes nothing', () => {
    const once = given(
      scheduled,
      failed(1, '2026-01-10T12:01:00.000Z'),
      delivered(2),
      redelivery('req_1', 2),
    );
    const twice = given(
      scheduled,
      failed(1, '2026-01-10T12:01:00.000Z'),
      delivered(2),
      redelivery('req_1', 2),
      scheduled,
      failed(1, '2026-01-10T12:01:00.000Z'),
      delivered(2),
      redelivery('req_1', 2),
    );
    expect(twice).toEqual(once);
    expect(twice).toMatchObject({ status: 'pending' });
  });

  it('a redelivery request reopens a delivered one; the attempts go on numbering after the old ones', () => {
    const reopened = given(scheduled, delivered(1), redelivery('req_1', 1))!;
    expect(reopened.status).toBe('pending');
    expect(nextAttemptNumber(reopened)).toBe(2);
    expect(given(scheduled, delivered(1), redelivery('req_1', 1), delivered(2))).toMatchObject({
      status: 'delivered',
    });
  });

  it('a redelivery of a delivery the dispatcher has forgotten carries all it needs', () => {
    const alone = given(redelivery('req_1', 3))!;
    expect(alone).toMatchObject({ status: 'pending', eventId: 'evt_1', body: '{}' });
    expect(nextAttemptNumber(alone)).toBe(4);
  });
});
