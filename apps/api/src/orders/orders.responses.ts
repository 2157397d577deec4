import {
  error,
  NOT_THESE_CREDENTIALS,
  UNAUTHORIZED,
  validationFailed,
  type AreaDocs,
} from '../http/api-docs';
import type { OrdersController } from './orders.controller';

const ORDER_ANSWER = {
  orderId: 'order-10042',
  attributed: true,
  affiliateId: 'aff_a6b234144f9f301b',
  commissionCents: 750,
};
const REFUND_ANSWER = { orderId: 'order-10042', refundId: 'refund-1', orderKnown: true };

export const ORDERS_DOCS: AreaDocs<OrdersController> = {
  errors: [UNAUTHORIZED, NOT_THESE_CREDENTIALS],
  routes: {
    record: {
      summary: 'Record a paid order',
      description:
        'Admin token, or SHOP_TOKEN (extension: a credential for the shop’s server that opens only order routes).',
      ok: {
        status: 201,
        description: 'Recorded, and how it was attributed.',
        example: ORDER_ANSWER,
      },
      also: [
        {
          status: 200,
          description: 'The same request was recorded before: the same answer.',
          example: ORDER_ANSWER,
        },
      ],
      errors: [
        error(400, 'validation_failed', 'paidAt is more than 5 minutes in the future'),
        error(
          409,
          'order_conflict',
          'order order-10042 was already recorded with a different body',
        ),
        error(422, 'currency_mismatch', 'the program pays in USD; this order is in EUR'),
      ],
    },
    refund: {
      summary: 'Record a refund of an order',
      description:
        'Idempotent by `refundId`. Without amount and lines, the whole order; a refund may arrive before its order (`orderKnown: false`).',
      params: {
        orderId: {
          description: 'The shop’s order id (1 to 128 of A-Z a-z 0-9 _ . : -).',
          example: 'order-10042',
        },
      },
      ok: { status: 201, description: 'Recorded.', example: REFUND_ANSWER },
      also: [
        {
          status: 200,
          description: 'The same refund was recorded before: the same answer.',
          example: REFUND_ANSWER,
        },
      ],
      errors: [
        validationFailed('refundedAt', 'refundedAt must be an ISO 8601 instant with a time zone'),
        error(409, 'refund_conflict', 'refund refund-1 was already recorded with a different body'),
        error(
          422,
          'refund_exceeds_order',
          'only 4000 cents of order order-10042 are left to refund',
        ),
        error(422, 'unknown_line', 'order order-10042 has no line for product mug'),
      ],
    },
  },
};
