import type { IncomingMessage } from 'node:http';
import { fakeId, JsonServer, Reply } from './http-server';

export interface FakeBatch {
  payoutBatchId: string;
  senderBatchId: string;
  emailSubject?: string;
  item: {
    recipient_type: string;
    amount: { value: string; currency: string };
    receiver: string;
    sender_item_id?: string;
    note?: string;
  };
  payoutItemId: string;
  /** GETs answered so far; the batch is final after `pollsBeforeFinal` of them. */
  polls: number;
  closedReceiver: boolean;
}

const WHOLE_UNITS_ONLY = new Set(['HUF', 'JPY', 'TWD']);

/**
 * PayPal's OAuth2 token endpoint and Payouts v1 on a local port, in PayPal's wire format:
 * a reused sender_batch_id is refused with 400 USER_BUSINESS_ERROR and a link to the original
 * batch (as the sandbox does); a batch goes PENDING → PROCESSING → SUCCESS, or DENIED with its
 * item FAILED for a closed receiver. PayPal-Request-Id is ignored, as the sandbox ignores it on payouts.
 */
export class FakePayPalServer {
  readonly batches: FakeBatch[] = [];
  /** Batches created per sender_batch_id (the payout id): more than 1 is a double payment. */
  readonly transfersByKey = new Map<string, number>();
  readonly closedReceivers = new Set<string>();
  /** Bodies of every POST /v1/payments/payouts, as received. */
  readonly payoutRequests: any[] = [];
  tokenRequests = 0;
  /** Create the next batch, then answer 500. */
  failNextWith500AfterTransfer = false;
  /** Answer batch creations this much later, after creating them. */
  delayMs = 0;
  /** Batch GETs answered PROCESSING before a batch is final. */
  pollsBeforeFinal = 1;
  /** Refuse a duplicate sender_batch_id without the link to the original batch. */
  duplicateWithoutLink = false;
  tokenExpiresInSeconds = 32_400;
  private credentialsRevoked = false;
  private readonly tokens = new Set<string>();

  private constructor(
    private readonly server: JsonServer,
    readonly clientId: string,
    readonly clientSecret: string,
  ) {}

  static async start(
    options: { clientId?: string; clientSecret?: string } = {},
  ): Promise<FakePayPalServer> {
    let self: FakePayPalServer | undefined;
    const server = await JsonServer.start((request, body, url) => self!.handle(request, body, url));
    self = new FakePayPalServer(
      server,
      options.clientId ?? 'fake-client-id',
      options.clientSecret ?? 'fake-client-secret',
    );
    return self;
  }

  get url(): string {
    return this.server.url;
  }

  /** Every access token handed out stops working. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** The app's credentials were revoked: tokens stop working and no new one is issued. */
  revokeCredentials(): void {
    this.credentialsRevoked = true;
    this.tokens.clear();
  }

  batchOf(senderBatchId: string): FakeBatch | undefined {
    return this.batches.find((b) => b.senderBatchId === senderBatchId);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private handle(request: IncomingMessage, body: string, url: URL): Reply {
    if (request.method === 'POST' && url.pathname === '/v1/oauth2/token')
      return this.token(request, body);
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
    if (!bearer || !this.tokens.has(bearer[1])) {
      return {
        status: 401,
        body: { error: 'invalid_token', error_description: 'Access Token not found in cache' },
      };
    }
    if (request.method === 'POST' && url.pathname === '/v1/payments/payouts')
      return this.createBatch(JSON.parse(body));
    const batchPath = /^\/v1\/payments\/payouts\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && batchPath)
      return this.showBatch(decodeURIComponent(batchPath[1]));
    return paypalError(404, 'RESOURCE_NOT_FOUND', 'The specified resource does not exist.');
  }

  private token(request: IncomingMessage, body: string): Reply {
    this.tokenRequests += 1;
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    if (this.credentialsRevoked || request.headers.authorization !== expected) {
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Client Authentication failed' },
      };
    }
    if (new URLSearchParams(body).get('grant_type') !== 'client_credentials') {
      return {
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: 'Grant Type is NULL' },
      };
    }
    const token = `A21AA${fakeId('', 40)}`;
    this.tokens.add(token);
    return {
      status: 200,
      body: {
        scope: 'https://uri.paypal.com/services/payments/payouts',
        access_token: token,
        token_type: 'Bearer',
        app_id: 'APP-80W284485P519543T',
        expires_in: this.tokenExpiresInSeconds,
        nonce: fakeId('2024-nonce-', 20),
      },
    };
  }

  private createBatch(body: any): Reply {
    this.payoutRequests.push(body);
    const senderBatchId = body?.sender_batch_header?.sender_batch_id;
    const items = body?.items;
    if (typeof senderBatchId !== 'string' || !Array.isArray(items) || items.length !== 1) {
      return paypalError(400, 'VALIDATION_ERROR', 'Invalid request - see details', [
        {
          field: 'sender_batch_header.sender_batch_id',
          location: 'body',
          issue: 'Required, with exactly one item here',
        },
      ]);
    }
    const original = this.batchOf(senderBatchId);
    if (original) {
      const link = {
        href: `https://api.sandbox.paypal.com/v1/payments/payouts/${original.payoutBatchId}`,
        rel: 'self',
        method: 'GET',
      };
      return paypalError(400, 'USER_BUSINESS_ERROR', 'User business error.', [
        {
          field: 'SENDER_BATCH_ID',
          location: 'body',
          issue: 'Batch with given sender_batch_id already exists',
          ...(this.duplicateWithoutLink ? {} : { link: [link] }),
        },
      ]);
    }
    const item = items[0];
    const currency = item?.amount?.currency;
    const pattern = WHOLE_UNITS_ONLY.has(currency) ? /^\d+$/ : /^\d+(\.\d{1,2})?$/;
    if (
      typeof item?.amount?.value !== 'string' ||
      !pattern.test(item.amount.value) ||
      !/^[A-Z]{3}$/.test(currency)
    ) {
      return paypalError(400, 'VALIDATION_ERROR', 'Invalid request - see details', [
        {
          field: 'items[0].amount.value',
          location: 'body',
          issue: `Invalid amount for ${currency}`,
        },
      ]);
    }
    const batch: FakeBatch = {
      payoutBatchId: fakeId('', 13),
      senderBatchId,
      emailSubject: body.sender_batch_header.email_subject,
      item,
      payoutItemId: fakeId('', 13),
      polls: 0,
      closedReceiver: this.closedReceivers.has(String(item.receiver).toLowerCase()),
    };
    this.batches.push(batch);
    this.transfersByKey.set(senderBatchId, (this.transfersByKey.get(senderBatchId) ?? 0) + 1);
    if (this.failNextWith500AfterTransfer) {
      this.failNextWith500AfterTransfer = false;
      return paypalError(500, 'INTERNAL_SERVER_ERROR', 'An internal server error has occurred.');
    }
    return {
      status: 201,
      body: {
        batch_header: {
          payout_batch_id: batch.payoutBatchId,
          batch_status: 'PENDING',
          sender_batch_header: body.sender_batch_header,
        },
        links: [
          { href: this.linkTo(batch), rel: 'self', method: 'GET', encType: 'application/json' },
        ],
      },
      delayMs: this.delayMs,
    };
  }

  private showBatch(payoutBatchId: string): Reply {
    const batch = this.batches.find((b) => b.payoutBatchId === payoutBatchId);
    if (!batch)
      return paypalError(404, 'INVALID_RESOURCE_ID', 'Requested resource ID was not found.');
    batch.polls += 1;
    const final = batch.polls > this.pollsBeforeFinal;
    const batchStatus = !final ? 'PROCESSING' : batch.closedReceiver ? 'DENIED' : 'SUCCESS';
    const itemStatus = !final ? 'PENDING' : batch.closedReceiver ? 'FAILED' : 'SUCCESS';
    return {
      status: 200,
      body: {
        batch_header: {
          payout_batch_id: batch.payoutBatchId,
          batch_status: batchStatus,
          time_created: new Date().toISOString(),
          sender_batch_header: {
            sender_batch_id: batch.senderBatchId,
            email_subject: batch.emailSubject,
          },
          amount: batch.item.amount,
          fees: { currency: batch.item.amount.currency, value: '0' },
        },
        items: [
          {
            payout_item_id: batch.payoutItemId,
            ...(itemStatus === 'SUCCESS' ? { transaction_id: fakeId('', 17) } : {}),
            transaction_status: itemStatus,
            payout_batch_id: batch.payoutBatchId,
            payout_item: batch.item,
            ...(itemStatus === 'FAILED'
              ? {
                  errors: {
                    name: 'RECEIVER_ACCOUNT_LOCKED',
                    message: "Receiver's account is locked or inactive",
                  },
                }
              : {}),
            links: [],
          },
        ],
        links: [{ href: this.linkTo(batch), rel: 'self', method: 'GET' }],
      },
    };
  }

  private linkTo(batch: FakeBatch): string {
    return `${this.url}/v1/payments/payouts/${batch.payoutBatchId}`;
  }
}

function paypalError(status: number, name: string, message: string, details?: unknown[]): Reply {
  return {
    status,
    body: {
      name,
      message,
      debug_id: fakeId('', 13).toLowerCase(),
      information_link: 'https://developer.paypal.com/docs/api/payments.payouts-batch/#errors',
      ...(details ? { details } : {}),
      links: [],
    },
  };
}
