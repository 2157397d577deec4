import { createEventStore, type EventStore } from '@threadtrak/event-store';
import { configuredPayoutProviders, type PayoutProviders } from '@threadtrak/payouts';
import {
  DashboardQueries,
  InMemoryReadModelStore,
  RedisReadModelStore,
  type ReadModelStore,
} from '@threadtrak/read-models';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListProduct } from './catalog/list-product';
import { RecordClick } from './clicks/record-click';
import { configuredClock, type Clock } from './clock';
import { DueScheduler } from './commissions/due-scheduler';
import type { AppConfig } from './config';
import { ApiKeys } from './affiliates/api-keys';
import { Directory } from './affiliates/directory';
import { PortalAccess } from './affiliates/portal-access';
import { createSessionStore, type SessionStore } from './affiliates/sessions';
import { RegisterAffiliate } from './affiliates/register-affiliate';
import { UpdateAffiliate } from './affiliates/update-affiliate';
import { EventLog } from './event-log';
import { Facts } from './facts';
import { ExplainOrder } from './orders/explain-order';
import { PostOrder } from './orders/post-order';
import { RecordOrder } from './orders/record-order';
import { RecordRefund } from './orders/record-refund';
import { Payouts } from './payouts/payouts';
import { PostReattributedOrder } from './reattribution/post-reattributed-order';
import { Reattribute } from './reattribution/reattribute';
import { SetProgramRules } from './program/set-program-rules';
import { SetPromoCodes } from './affiliates/set-promo-codes';
import { BindSubscription } from './subscriptions/bind-subscription';
import { RecordInvoice } from './subscriptions/record-invoice';
import { AttributeWaitingInvoices } from './subscriptions/attribute-waiting-invoices';

/** The composition root shared by the api, the worker and the cli: one event store, the use cases on it. */
export interface Runtime {
  config: AppConfig;
  store: EventStore;
  log: EventLog;
  facts: Facts;
  clock: Clock;
  directory: Directory;
  /** Redis with REDIS_URL, else in memory (rebuilt from the log by the in-process worker). */
  readModels: ReadModelStore;
  queries: DashboardQueries;
  adminToken: string;
  ipHashSalt: string;
  /** Signs the `tt_vid` cookie. */
  visitorSecret: string;
  /** Keys the email hashes (self-referrals, portal logins, login limits). */
  emailHashSecret: string;
  setRules: SetProgramRules;
  listProduct: ListProduct;
  registerAffiliate: RegisterAffiliate;
  updateAffiliate: UpdateAffiliate;
  apiKeys: ApiKeys;
  /** Portal sessions: Redis with REDIS_URL, else this process's memory. */
  sessions: SessionStore;
  portalAccess: PortalAccess;
  recordClick: RecordClick;
  postOrder: PostOrder;
  recordOrder: RecordOrder;
  recordRefund: RecordRefund;
  explainOrder: ExplainOrder;
  payouts: Payouts;
  /** The payout providers whose credentials are configured; built once, shared by the request check and the saga. */
  payoutProviders: PayoutProviders;
  reattribute: Reattribute;
  setPromoCodes: SetPromoCodes;
  bindSubscription: BindSubscription;
  recordInvoice: RecordInvoice;
  postReattributedOrder: PostReattributedOrder;
  dueScheduler: DueScheduler;
}

export const createRuntime = async (
  config: AppConfig,
  options: { clock?: Clock; store?: EventStore; log?: (line: string) => void } = {},
): Promise<Runtime> => {
  const store = options.store ?? (await createEventStore(config.eventStoreUrl));
  const log = new EventLog(store);
  const facts = new Facts(log);
  const clock = options.clock ?? configuredClock(config);
  const postOrder = new PostOrder(log);
  const emailHashSecret =
    config.emailHashSecret ?? persistentSecret(config.dataDir, 'email-hash-secret');
  const recordOrder = new RecordOrder(
    log,
    facts,
    postOrder,
    emailHashSecret,
    config.clickSkewSeconds * 1000,
  );
  const waitingInvoices = new AttributeWaitingInvoices(log, facts, postOrder, clock);
  const directory = new Directory(store);
  await directory.start();
  const payoutProviders = configuredPayoutProviders({
    stripe: config.stripe,
    paypal: config.paypal,
    timeoutMs: config.payoutProviderTimeoutMs,
  });
  const missingProviders = payoutProviders.missingWarning();
  if (missingProviders) options.log?.(missingProviders);
  const sessions = createSessionStore(config);
  const readModels = config.redisUrl
    ? new RedisReadModelStore({ redis: config.redisUrl, prefix: config.redisPrefix })
    : new InMemoryReadModelStore();
  return {
    config,
    store,
    log,
    facts,
    clock,
    directory,
    readModels,
    queries: new DashboardQueries(readModels),
    adminToken: config.adminToken ?? persistentSecret(config.dataDir, 'admin-token', options.log),
    ipHashSalt: config.ipHashSalt ?? persistentSecret(config.dataDir, 'ip-hash-salt'),
    visitorSecret: config.visitorSecret ?? persistentSecret(config.dataDir, 'visitor-secret'),
    emailHashSecret,
    setRules: new SetProgramRules(log, clock),
    listProduct: new ListProduct(log, clock),
    registerAffiliate: new RegisterAffiliate(log, facts, clock, emailHashSecret),
    updateAffiliate: new UpdateAffiliate(log, clock),
    apiKeys: new ApiKeys(log, clock),
    sessions,
    portalAccess: new PortalAccess(
      log,
      clock,
      directory,
      sessions,
      config.publicBaseUrl,
      emailHashSecret,
    ),
    recordClick: new RecordClick(log),
    postOrder,
    recordOrder,
    recordRefund: new RecordRefund(log, postOrder),
    explainOrder: new ExplainOrder(log),
    payouts: new Payouts(log, facts, clock, payoutProviders),
    payoutProviders,
    reattribute: new Reattribute(log, facts, clock),
    setPromoCodes: new SetPromoCodes(log, facts, clock),
    bindSubscription: new BindSubscription(
      log,
      facts,
      waitingInvoices,
      emailHashSecret,
      config.clickSkewSeconds * 1000,
    ),
    recordInvoice: new RecordInvoice(
      log,
      facts,
      recordOrder,
      waitingInvoices,
      clock,
      emailHashSecret,
    ),
    postReattributedOrder: new PostReattributedOrder(log, clock),
    dueScheduler: new DueScheduler(log, clock),
  };
};

export const closeRuntime = async (runtime: Runtime): Promise<void> => {
  await runtime.directory.stop();
  await runtime.readModels.close();
  await runtime.sessions.close();
  await runtime.store.close();
};

/** Generated at first start and kept in the data folder (mode 600); printed once when created. */
const persistentSecret = (
  dataDir: string,
  name: string,
  announce?: (line: string) => void,
): string => {
  const path = join(dataDir, name);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(24).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  announce?.(`Generated ${name}: ${secret} (kept in ${path}; shown only this once)`);
  return secret;
};
