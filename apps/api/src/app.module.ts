import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import {
  WebhookEndpoints,
  webhookSecretBox,
  type AppConfig,
  type Runtime,
} from '@threadtrak/application';
import { WiringModule, type WiringOptions } from '@threadtrak/wiring';
import { WorkerModule } from '../../worker/src/worker.module';
import { AdminController } from './admin/admin.controller';
import { AdminPayoutsController } from './admin/admin-payouts.controller';
import { AuditController } from './admin/audit.controller';
import { WEBHOOK_ENDPOINTS, WebhooksController } from './admin/webhooks.controller';
import { AuthController } from './auth/auth.controller';
import { InviteController } from './auth/invite.controller';
import { HealthController } from './health/health.controller';
import { AdminGuard, AffiliateGuard, OrderSourceGuard } from './http/auth';
import { ErrorFilter } from './http/error-filter';
import { RUNTIME } from './http/runtime.token';
import { MeController } from './me/me.controller';
import { ProgramController } from './me/program.controller';
import { OrdersController } from './orders/orders.controller';
import { StripeWebhookController } from './webhooks/stripe-webhook.controller';

/** The HTTP face of the ledger; with `worker`, also everything that consumes the log (`npm start`). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: WiringOptions & { worker: boolean }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        WiringModule.forRoot(config, options),
        CqrsModule.forRoot(),
        ...(options.worker ? [WorkerModule] : []),
      ],
      controllers: [
        HealthController,
        AdminController,
        AdminPayoutsController,
        AuditController,
        OrdersController,
        MeController,
        StripeWebhookController,
        WebhooksController,
        AuthController,
        InviteController,
        ProgramController,
      ],
      providers: [
        {
          provide: WEBHOOK_ENDPOINTS,
          useFactory: (runtime: Runtime) =>
            new WebhookEndpoints(runtime.store, webhookSecretBox(runtime.config), runtime.clock),
          inject: [RUNTIME],
        },
        { provide: APP_FILTER, useClass: ErrorFilter },
        AdminGuard,
        AffiliateGuard,
        OrderSourceGuard,
      ],
    };
  }
}
