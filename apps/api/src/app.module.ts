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
import { AuthModule } from './auth/auth.module';
import { HealthController } from './health/health.controller';
import { ConsoleModule } from './console/console.module';
import { CallersModule } from './http/callers';
import { ErrorFilter } from './http/error-filter';
import { RUNTIME } from './http/runtime.token';
import { MeModule } from './me/me.module';
import { OrdersModule } from './orders/orders.module';
import { StripeWebhookModule } from './webhooks/stripe-webhook.module';

/** The HTTP face of the ledger; with `worker`, also everything that consumes the log (`npm start`). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: WiringOptions & { worker: boolean }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        WiringModule.forRoot(config, options),
        CqrsModule.forRoot(),
        CallersModule,
        OrdersModule,
        MeModule,
        AuthModule,
        ConsoleModule,
        StripeWebhookModule,
        ...(options.worker ? [WorkerModule] : []),
      ],
      controllers: [
        HealthController,
        AdminController,
        AdminPayoutsController,
        AuditController,
        WebhooksController,
      ],
      providers: [
        {
          provide: WEBHOOK_ENDPOINTS,
          useFactory: (runtime: Runtime) =>
            new WebhookEndpoints(runtime.store, webhookSecretBox(runtime.config), runtime.clock),
          inject: [RUNTIME],
        },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
