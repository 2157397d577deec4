import { hashUserAgent, isBot } from '@threadtrak/links';

export interface UserAgentFacts {
  /** By its user agent alone (a HEAD request is a bot whatever this says). */
  bot: boolean;
  hash: string;
}

/**
 * What the redirect needs of a user agent, worked out once per distinct string: `isbot`'s pattern costs
 * microseconds per browser user agent, and a shop's traffic comes from a few hundred distinct ones.
 * Bounded: past `max` entries the memo starts over.
 */
export class UserAgents {
  private readonly known = new Map<string, UserAgentFacts>();

  constructor(private readonly max = 5_000) {}

  of(userAgent: string | undefined): UserAgentFacts {
    const key = userAgent ?? '';
    let facts = this.known.get(key);
    if (!facts) {
      if (this.known.size >= this.max) this.known.clear();
      facts = { bot: isBot({ method: 'GET', userAgent }), hash: hashUserAgent(userAgent) };
      this.known.set(key, facts);
    }
    return facts;
  }
}
