import { Module } from '@nestjs/common';
import { consumerLagProvider } from './consumer-lag.provider';
import { HeadPositionHandler } from './head-position.query';
import { HealthController } from './health.controller';

/** Liveness, readiness and the log's head: what operators and probes ask of a process. */
@Module({ controllers: [HealthController], providers: [HeadPositionHandler, consumerLagProvider] })
export class OperationsModule {}
