/**
 * A code (ref code or promotion code) is claimed in its own stream before the affiliate's stream names it,
 * so the stream's revision decides a race between two affiliates. A claim whose second write never came
 * (the process died between the two) must not hold the code for ever; one still in flight must not be
 * taken over. A claim the affiliate's stream does not back is therefore abandoned once it is this old:
 * the two writes of a claim follow each other within milliseconds.
 */
export const UNBACKED_CLAIM_EXPIRES_MS = 60_000;

/** The claim at `claimedAt`, not backed by its affiliate's stream, may be taken over at `now`. */
export const claimAbandoned = (claimedAt: string, now: string): boolean =>
  Date.parse(now) - Date.parse(claimedAt) >= UNBACKED_CLAIM_EXPIRES_MS;
