import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import {
  ApiKeys,
  Audit,
  ChangeAffiliate,
  BindSubscription,
  closeRuntime,
  createRuntime,
  Directory,
  DueScheduler,
  EventLog,
  ExplainOrder,
  Facts,
  ListProduct,
  Payouts,
  PortalAccess,
  PostOrder,
  PostReattributedOrder,
  Reattribute,
  RebuildReadModels,
  RecordClick,
  RecordInvoice,
  RecordOrder,
  RecordRefund,
  RegisterAffiliate,
  SetProgramRules,
  SetPromoCodes,
  UpdateAffiliate,
  type AppConfig,
  type Clock,
  type Runtime,
} from '@threadtrak/application';
import { ConfigService } from '@nestjs/config';
import type { EventStore } from '@threadtrak/event-store';
import { PayoutProviders } from '@threadtrak/payouts';
import { DashboardQueries } from '@threadtrak/read-models';
import {
  APP_CONFIG,
  CLOCK,
  EVENT_STORE,
  READ_MODELS,
  RUNTIME,
  SECRETS,
  SESSION_STORE,
  type Secrets,
} from './tokens';
import { appConfigFromConfigModule, appConfigModule } from './app-config';
import { LeasesCloser, leasesProviders } from './leases';

export interface WiringOptions {
  clock?: Clock;
  store?: EventStore;
  log?: (line: string) => void;
}

type Token = string | symbol | (abstract new (...args: never[]) => unknown);

const member = (provide: Token, pick: (runtime: Runtime) => unknown): Provider => ({
  provide,
  useFactory: pick,
  inject: [RUNTIME],
});

/** Closes the stores when the Nest application closes. */
class RuntimeCloser implements OnApplicationShutdown {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}
  async onApplicationShutdown(): Promise<void> {
    await closeRuntime(this.runtime);
  }
}

/**
 * The composition root as Nest providers: the event store, the read models, the secrets and every use
 * case, each injectable on its own — by its class, or by a token from ./tokens where it is an interface.
 * Global: the api, the worker and the cli import it once, at their root.
 */
@Global()
@Module({})
export class WiringModule {
  static forRoot(config: AppConfig, options: WiringOptions = {}): DynamicModule {
    const providers: Provider[] = [
      { provide: RUNTIME, useFactory: () => createRuntime(config, options) },
      { provide: APP_CONFIG, useFactory: appConfigFromConfigModule, inject: [ConfigService] },
      member(EVENT_STORE, (runtime) => runtime.store),
      member(CLOCK, (runtime) => runtime.clock),
      member(READ_MODELS, (runtime) => runtime.readModels),
      member(SESSION_STORE, (runtime) => runtime.sessions),
      member(SECRETS, (runtime): Secrets => ({
        adminToken: runtime.adminToken,
        ipHashSalt: runtime.ipHashSalt,
        visitorSecret: runtime.visitorSecret,
        emailHashSecret: runtime.emailHashSecret,
      })),
      member(EventLog, (runtime) => runtime.log),
      member(Facts, (runtime) => runtime.facts),
      member(Directory, (runtime) => runtime.directory),
      member(DashboardQueries, (runtime) => runtime.queries),
      member(PayoutProviders, (runtime) => runtime.payoutProviders),
      member(SetProgramRules, (runtime) => runtime.setRules),
      member(ListProduct, (runtime) => runtime.listProduct),
      member(RegisterAffiliate, (runtime) => runtime.registerAffiliate),
      member(UpdateAffiliate, (runtime) => runtime.updateAffiliate),
      member(ApiKeys, (runtime) => runtime.apiKeys),
      member(PortalAccess, (runtime) => runtime.portalAccess),
      member(RecordClick, (runtime) => runtime.recordClick),
      member(PostOrder, (runtime) => runtime.postOrder),
      member(RecordOrder, (runtime) => runtime.recordOrder),
      member(RecordRefund, (runtime) => runtime.recordRefund),
      member(ExplainOrder, (runtime) => runtime.explainOrder),
      member(Payouts, (runtime) => runtime.payouts),
      member(Reattribute, (runtime) => runtime.reattribute),
      member(SetPromoCodes, (runtime) => runtime.setPromoCodes),
      member(BindSubscription, (runtime) => runtime.bindSubscription),
      member(RecordInvoice, (runtime) => runtime.recordInvoice),
      member(PostReattributedOrder, (runtime) => runtime.postReattributedOrder),
      member(DueScheduler, (runtime) => runtime.dueScheduler),
      {
        provide: ChangeAffiliate,
        useFactory: (...parts: ConstructorParameters<typeof ChangeAffiliate>) =>
          new ChangeAffiliate(...parts),
        inject: [SetPromoCodes, UpdateAffiliate, Directory, CLOCK],
      },
      {
        provide: RebuildReadModels,
        useFactory: (...parts: ConstructorParameters<typeof RebuildReadModels>) =>
          new RebuildReadModels(...parts),
        inject: [EVENT_STORE, READ_MODELS, CLOCK],
      },
      {
        provide: Audit,
        useFactory: (store: EventStore) => new Audit(store),
        inject: [EVENT_STORE],
      },
      ...leasesProviders,
    ];
    return {
      module: WiringModule,
      imports: [appConfigModule(config)],
      providers: [RuntimeCloser, LeasesCloser, ...providers],
      exports: providers.map((provider) => (provider as { provide: Token }).provide),
    };
  }
}
