import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditHandler } from './audit.query';

/** Finance's audit, replayed from the log (never the read models). */
@Module({ controllers: [AuditController], providers: [AuditHandler] })
export class AuditModule {}
