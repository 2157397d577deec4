import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from '@threadtrak/application';
import { WiringModule, type WiringOptions } from '@threadtrak/wiring';
import { WorkerModule } from '../../worker/src/worker.module';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './admin/audit.module';
import { WebhooksModule } from './admin/webhooks.module';
import { AuthModule } from './auth/auth.module';
import { ConsoleModule } from './console/console.module';
import { OperationsModule } from './health/operations.module';
import { CallersModule } from './http/callers';
import { ErrorFilter } from './http/error-filter';
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
        AdminModule,
        AuditModule,
        WebhooksModule,
        OperationsModule,
        ...(options.worker ? [WorkerModule] : []),
      ],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    };
  }
}
