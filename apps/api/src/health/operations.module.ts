import { Module } from '@nestjs/common';
import { HeadPositionHandler } from './head-position.query';
import { HealthController } from './health.controller';

/** Liveness, readiness and the log's head: what operators and probes ask of a process. */
@Module({ controllers: [HealthController], providers: [HeadPositionHandler] })
export class OperationsModule {}
