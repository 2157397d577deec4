import { originalBatchOfDuplicate, outcomeOfBatch } from './paypal-outcome';

const batch = (batchStatus: string, itemStatus?: string, errors?: object) => ({
  batch_header: { payout_batch_id: 'B1', batch_status: batchStatus },
  ...(itemStatus
    ? { items: [{ transaction_status: itemStatus, ...(errors ? { errors } : {}) }] }
    : {}),
});

describe('the outcome of a PayPal payout batch', () => {
  it.each([
    ['SUCCESS', 'SUCCESS', 'sent'],
    ['PROCESSING', 'PENDING', 'pending'],
    ['SUCCESS', 'UNCLAIMED', 'pending'],
    ['SUCCESS', 'ONHOLD', 'pending'],
    ['DENIED', 'FAILED', 'failed'],
    ['SUCCESS', 'FAILED', 'failed'],
    ['SUCCESS', 'RETURNED', 'failed'],
    ['SUCCESS', 'BLOCKED', 'failed'],
    ['SUCCESS', 'REFUNDED', 'failed'],
    ['SUCCESS', 'REVERSED', 'failed'],
  ])('batch %s with its item %s is %s', (batchStatus, itemStatus, status) => {
    expect(outcomeOfBatch(batch(batchStatus, itemStatus), 'B1').status).toBe(status);
  });

  it.each([
    ['PENDING', 'pending'],
    ['PROCESSING', 'pending'],
    ['SUCCESS', 'sent'],
    ['DENIED', 'failed'],
    ['CANCELED', 'failed'],
  ])('batch %s with no item listed yet is %s', (batchStatus, status) => {
    expect(outcomeOfBatch(batch(batchStatus), 'B1').status).toBe(status);
  });

  it('gives the item error as the reason of a failed payout', () => {
    expect(
      outcomeOfBatch(
        batch('DENIED', 'FAILED', {
          name: 'RECEIVER_UNREGISTERED',
          message: 'Receiver is unregistered',
        }),
        'B1',
      ),
    ).toEqual({
      status: 'failed',
      permanent: true,
      reason: 'FAILED: RECEIVER_UNREGISTERED: Receiver is unregistered',
    });
  });
});

describe('the original batch of a duplicate sender_batch_id', () => {
  const duplicate = (link?: object[]) => ({
    name: 'USER_BUSINESS_ERROR',
    message: 'User business error.',
    details: [
      {
        field: 'SENDER_BATCH_ID',
        issue: 'Batch with given sender_batch_id already exists',
        ...(link ? { link } : {}),
      },
    ],
  });

  it('is the last path segment of the link PayPal gives', () => {
    const body = duplicate([
      {
        href: 'https://api.sandbox.paypal.com/v1/payments/payouts/CR9VS2K4X4846',
        rel: 'self',
        method: 'GET',
      },
    ]);
    expect(originalBatchOfDuplicate(400, body)).toBe('CR9VS2K4X4846');
  });

  it('is unknown when PayPal gives no link', () => {
    expect(originalBatchOfDuplicate(400, duplicate())).toBe('unlinked');
  });

  it('is not looked for in other refusals', () => {
    expect(
      originalBatchOfDuplicate(400, {
        name: 'VALIDATION_ERROR',
        details: [{ field: 'items[0].receiver' }],
      }),
    ).toBeNull();
    expect(originalBatchOfDuplicate(422, duplicate())).toBeNull();
  });
});
