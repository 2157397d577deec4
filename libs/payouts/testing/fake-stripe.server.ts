import type { IncomingMessage } from 'node:http';
import { FakeStripeCommerce } from './fake-stripe-commerce';
import { fakeId, JsonServer, Reply } from './http-server';

export interface FakeTransfer {
  id: string;
  object: 'transfer';
  amount: number;
  amount_reversed: number;
  balance_transaction: string;
  created: number;
  currency: string;
  description: string | null;
  destination: string;
  destination_payment: string;
  livemode: false;
  metadata: Record<string, string>;
  reversals: { object: 'list'; data: unknown[]; has_more: false; total_count: number; url: string };
  reversed: boolean;
  source_transaction: null;
  source_type: 'card';
  transfer_group: string | null;
}

/** A Stripe Connect Express account as `POST /v1/accounts` creates it (transfers inactive until onboarding ends). */
export interface FakeAccount {
  id: string;
  object: 'account';
  type: string;
  email: string | null;
  metadata: Record<string, string>;
  capabilities: { transfers?: 'inactive' | 'pending' | 'active' };
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  created: number;
}

export interface RecordedStripeRequest {
  method: string;
  path: string;
  idempotencyKey?: string;
  params: Record<string, string>;
}

/**
 * Stripe's v1 transfers API on a local port, in Stripe's wire format: form-encoded requests,
 * `Idempotency-Key` replays of the saved status and body (500s included, as Stripe does),
 * `idempotency_error` for a key reused with other parameters, `{error: {type, code, message}}`.
 */
export class FakeStripeServer {
  readonly transfers: FakeTransfer[] = [];
  /** Transfers created per idempotency key: more than 1 is a double payment. */
  readonly transfersByKey = new Map<string, number>();
  readonly closedAccounts = new Set<string>();
  readonly accounts: FakeAccount[] = [];
  private readonly accountsByKey = new Map<string, FakeAccount>();
  readonly requests: RecordedStripeRequest[] = [];
  /** Perform the next transfer, then answer 500 (and save that 500 for its key). */
  failNextWith500AfterTransfer = false;
  /** Refuse the next request of any kind with this error, before doing anything. */
  failNextWith?: { status: number; type: string; code?: string; message?: string };
  /** Answer transfer creations this much later, after performing them. */
  delayMs = 0;
  /**
   * Lose the answers of this many transfer creations: the work is done (or replayed for its key), then the
   * connection closes. stripe-node retries a closed connection once by itself, so 2 loses one attempt.
   */
  dropTransferAnswers = 0;
  /** The key was rolled or revoked: every request gets 401, as Stripe answers an expired or revoked key. */
  keyRevoked = false;
  /** Checkout Sessions created (purchase links), by their parameters. */
  readonly checkoutSessions: Record<string, string>[] = [];
  /** Answer Checkout Session creations this much later (a Stripe that hangs). */
  checkoutDelayMs = 0;
  private readonly saved = new Map<string, { params: string; reply: Reply }>();
  /** Checkout Sessions, line items, promotion codes, invoices: what webhook handling reads. */
  readonly commerce = new FakeStripeCommerce();

  private constructor(
    private readonly server: JsonServer,
    readonly secretKey: string,
  ) {}

  static async start(options: { secretKey?: string } = {}): Promise<FakeStripeServer> {
    let self: FakeStripeServer | undefined;
    const server = await JsonServer.start((request, body, url) => self!.handle(request, body, url));
    self = new FakeStripeServer(server, options.secretKey ?? 'sk_test_fake');
    return self;
  }

  get url(): string {
    return this.server.url;
  }

  get port(): number {
    return this.server.port;
  }

  /** Stripe prunes idempotency keys after 24 hours. */
  forgetIdempotencyKeys(): void {
    this.saved.clear();
  }

  transfersIn(transferGroup: string): FakeTransfer[] {
    return this.transfers.filter((t) => t.transfer_group === transferGroup);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private handle(request: IncomingMessage, body: string, url: URL): Reply {
    const params = Object.fromEntries(
      new URLSearchParams(request.method === 'GET' ? url.search : body),
    );
    const idempotencyKey = header(request, 'idempotency-key');
    this.requests.push({
      method: request.method ?? '',
      path: url.pathname,
      idempotencyKey,
      params,
    });
    if (this.keyRevoked)
      return error(
        401,
        'invalid_request_error',
        'api_key_expired',
        'Expired API Key provided: sk_test_****',
      );
    if (header(request, 'authorization') !== `Bearer ${this.secretKey}`) {
      return error(401, 'invalid_request_error', undefined, 'Invalid API Key provided: sk_****');
    }
    if (this.failNextWith) {
      const { status, type, code, message } = this.failNextWith;
      this.failNextWith = undefined;
      return error(status, type, code, message ?? 'Refused by the fake.');
    }
    if (request.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      // Purchase links: kept for the specs to read, and answered late when Stripe is made to hang.
      this.checkoutSessions.push(params);
      const created = this.commerce.handle('POST', url.pathname, params)!;
      return { ...created, ...(this.checkoutDelayMs ? { delayMs: this.checkoutDelayMs } : {}) };
    }
    const commerce = this.commerce.handle(request.method ?? '', url.pathname, params);
    if (commerce) return commerce;
    const transferPath = /^\/v1\/transfers\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'POST' && url.pathname === '/v1/transfers')
      return this.lose(this.createTransfer(params, idempotencyKey));
    if (request.method === 'GET' && url.pathname === '/v1/transfers')
      return this.listTransfers(params);

    if (request.method === 'POST' && url.pathname === '/v1/accounts')
      return this.createAccount(params, idempotencyKey);
    if (request.method === 'POST' && url.pathname === '/v1/account_links')
      return this.createAccountLink(params);
    if (request.method === 'GET' && transferPath) {
      const transfer = this.transfers.find((t) => t.id === decodeURIComponent(transferPath[1]));
      if (!transfer)
        return error(
          404,
          'invalid_request_error',
          'resource_missing',
          `No such transfer: '${transferPath[1]}'`,
          'id',
        );
      return { status: 200, body: transfer };
    }
    return error(
      404,
      'invalid_request_error',
      undefined,
      `Unrecognized request URL (${request.method}: ${url.pathname}).`,
    );
  }

  private lose(reply: Reply): Reply {
    if (this.dropTransferAnswers <= 0) return reply;
    this.dropTransferAnswers -= 1;
    return { ...reply, drop: true };
  }

  private createTransfer(params: Record<string, string>, key: string | undefined): Reply {
    const canonical = JSON.stringify(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));
    if (key !== undefined) {
      const earlier = this.saved.get(key);
      if (earlier && earlier.params !== canonical) {
        return error(
          400,
          'idempotency_error',
          undefined,
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      if (earlier)
        return {
          ...earlier.reply,
          headers: { ...earlier.reply.headers, 'Idempotent-Replayed': 'true' },
        };
    }
    for (const name of ['amount', 'currency', 'destination']) {
      if (!params[name])
        return error(
          400,
          'invalid_request_error',
          'parameter_missing',
          `Missing required param: ${name}.`,
          name,
        );
    }
    if (!/^[1-9]\d*$/.test(params.amount)) {
      return error(
        400,
        'invalid_request_error',
        'parameter_invalid_integer',
        'Invalid integer: ' + params.amount,
        'amount',
      );
    }
    const reply = this.perform(params, key);
    // Stripe saves the result once the endpoint ran, whether or not the answer reached the client.
    if (key !== undefined)
      this.saved.set(key, {
        params: canonical,
        reply: { ...reply, delayMs: undefined, drop: undefined },
      });
    return reply;
  }

  private perform(params: Record<string, string>, key: string | undefined): Reply {
    if (this.closedAccounts.has(params.destination)) {
      return error(
        400,
        'invalid_request_error',
        'account_closed',
        `The destination account ${params.destination} is closed and cannot receive transfers.`,
        'destination',
      );
    }
    const id = fakeId('tr_');
    const transfer: FakeTransfer = {
      id,
      object: 'transfer',
      amount: Number(params.amount),
      amount_reversed: 0,
      balance_transaction: fakeId('txn_'),
      created: Math.floor(Date.now() / 1000),
      currency: params.currency,
      description: params.description ?? null,
      destination: params.destination,
      destination_payment: fakeId('py_'),
      livemode: false,
      metadata: metadataOf(params),
      reversals: {
        object: 'list',
        data: [],
        has_more: false,
        total_count: 0,
        url: `/v1/transfers/${id}/reversals`,
      },
      reversed: false,
      source_transaction: null,
      source_type: 'card',
      transfer_group: params.transfer_group ?? null,
    };
    this.transfers.push(transfer);
    if (key !== undefined) this.transfersByKey.set(key, (this.transfersByKey.get(key) ?? 0) + 1);
    if (this.failNextWith500AfterTransfer) {
      this.failNextWith500AfterTransfer = false;
      return error(500, 'api_error', undefined, 'An unknown error occurred');
    }
    return { status: 200, body: transfer, delayMs: this.delayMs };
  }

  /** What Stripe does when the affiliate finishes the hosted form: the account can receive transfers. */
  completeOnboarding(accountId: string): FakeAccount {
    const account = this.accounts.find((a) => a.id === accountId);
    if (!account) throw new Error(`no fake account ${accountId}`);
    Object.assign(account, {
      capabilities: { transfers: 'active' },
      payouts_enabled: true,
      details_submitted: true,
    });
    return account;
  }

  private createAccount(params: Record<string, string>, key: string | undefined): Reply {
    const earlier = key === undefined ? undefined : this.accountsByKey.get(key);
    if (earlier) return { status: 200, body: earlier, headers: { 'Idempotent-Replayed': 'true' } };
    const account: FakeAccount = {
      id: fakeId('acct_'),
      object: 'account',
      type: params.type ?? 'express',
      email: params.email ?? null,
      metadata: metadataOf(params),
      capabilities:
        params['capabilities[transfers][requested]'] === 'true' ? { transfers: 'inactive' } : {},
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      created: Math.floor(Date.now() / 1000),
    };
    this.accounts.push(account);
    if (key !== undefined) this.accountsByKey.set(key, account);
    return { status: 200, body: account };
  }

  private createAccountLink(params: Record<string, string>): Reply {
    for (const name of ['account', 'type', 'refresh_url', 'return_url']) {
      if (!params[name])
        return error(
          400,
          'invalid_request_error',
          'parameter_missing',
          `Missing required param: ${name}.`,
          name,
        );
    }
    if (!this.accounts.some((a) => a.id === params.account)) {
      return error(
        400,
        'invalid_request_error',
        'resource_missing',
        `No such account: '${params.account}'`,
        'account',
      );
    }
    const created = Math.floor(Date.now() / 1000);
    return {
      status: 200,
      body: {
        object: 'account_link',
        created,
        expires_at: created + 300,
        url: `${this.url}/setup/e/${params.account}/${fakeId('')}`,
      },
    };
  }

  private listTransfers(params: Record<string, string>): Reply {
    const matching = this.transfers
      .filter(
        (t) => params.transfer_group === undefined || t.transfer_group === params.transfer_group,
      )
      .filter((t) => params.destination === undefined || t.destination === params.destination)
      .reverse();
    const limit = Number(params.limit ?? 10);
    return {
      status: 200,
      body: {
        object: 'list',
        data: matching.slice(0, limit),
        has_more: matching.length > limit,
        url: '/v1/transfers',
      },
    };
  }
}

function metadataOf(params: Record<string, string>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    const match = /^metadata\[(.+)\]$/.exec(name);
    if (match) metadata[match[1]] = value;
  }
  return metadata;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function error(
  status: number,
  type: string,
  code: string | undefined,
  message: string,
  param?: string,
): Reply {
  return {
    status,
    body: { error: { type, ...(code ? { code } : {}), message, ...(param ? { param } : {}) } },
    headers: { 'Request-Id': fakeId('req_') },
  };
}
