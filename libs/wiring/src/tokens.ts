/**
 * Injection tokens for what is an interface rather than a class. Use cases and services (EventLog, Facts,
 * RecordOrder, Payouts, …) are injected by their class.
 */
/** The AppConfig `loadConfig` checked at start: the object `@nestjs/config` holds as `app` (app-config.ts). */
export const APP_CONFIG = Symbol('AppConfig');
export const EVENT_STORE = Symbol('EventStore');
export const CLOCK = Symbol('Clock');
export const READ_MODELS = Symbol('ReadModelStore');
export const SESSION_STORE = Symbol('SessionStore');
export const SECRETS = Symbol('Secrets');
/**
 * Transitional: the whole composition root, for code not yet converted to inject what it needs (the
 * redirect route, the worker). Removed once nothing injects it.
 */
export const RUNTIME = Symbol('Runtime');

/** The process's secrets: from the environment, else generated once into the data folder. */
export interface Secrets {
  adminToken: string;
  ipHashSalt: string;
  /** Signs the `tt_vid` cookie. */
  visitorSecret: string;
  /** Keys the email hashes (self-referrals, portal logins, login limits). */
  emailHashSecret: string;
}
/** This process's Leases (shared in Redis with REDIS_URL): the worker holds them, the api reads them. */
export const LEASES = Symbol('Leases');
