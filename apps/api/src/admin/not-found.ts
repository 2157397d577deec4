import { NotFoundException } from '@nestjs/common';

/** `404 {error: {code: "not_found"}}`: an id that is malformed or names nothing. */
export const notFound = (what: string): NotFoundException =>
  new NotFoundException({ error: { code: 'not_found', message: `no such ${what}` } });

/** Affiliate ids as `RegisterAffiliate` makes them; anything else names no affiliate. */
export const AFFILIATE_ID = /^aff_[a-z0-9]{16}$/;
