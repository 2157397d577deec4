import { authRefused, paypalFetch } from './paypal-http';
import { TransientProviderError } from './payout-provider';

/** Refresh this long before PayPal's `expires_in` runs out, so a token never expires mid-request. */
const REFRESH_MARGIN_MS = 60_000;

/** OAuth2 client credentials: one access token, shared and cached until shortly before it expires. */
export class PayPalAccessToken {
  private cached?: { token: string; refreshAt: number };
  private fetching?: Promise<string>;

  constructor(
    private readonly config: {
      apiBase: string;
      clientId: string;
      clientSecret: string;
      timeoutMs: number;
    },
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<string> {
    if (this.cached && this.now() < this.cached.refreshAt) return this.cached.token;
    this.fetching ??= this.fetchToken().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  /** PayPal refused the token (revoked or expired early): the next `get` fetches a new one. */
  forget(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { apiBase, clientId, clientSecret, timeoutMs } = this.config;
    const what = 'access token';
    const response = await paypalFetch(
      `${apiBase}/v1/oauth2/token`,
      {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: 'grant_type=client_credentials',
      },
      timeoutMs,
      what,
    );
    if (response.status !== 200) throw authRefused(what, response);
    const { access_token: token, expires_in: expiresIn } = response.body ?? {};
    if (typeof token !== 'string' || typeof expiresIn !== 'number') {
      throw new TransientProviderError(
        `${what}: PayPal answered 200 without access_token/expires_in`,
      );
    }
    this.cached = { token, refreshAt: this.now() + expiresIn * 1000 - REFRESH_MARGIN_MS };
    return token;
  }
}
