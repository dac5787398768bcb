import { Module } from '@nestjs/common';
import { oncePerRole } from '@app/common/modules/once-per-role';
import { NotificationsModule } from '@app/modules/notifications/notifications.module';
import { AuditCheckpoints } from './audit-checkpoints.service';
import { AuditController, HistoryExportController } from './audit.controller';
import { AuditSigningModule } from './audit-signing.module';
import { HeadBackfill } from './head-backfill';
import { HistoryExports } from './history-export.service';

/**
 * The anchored history: the public key, checkpoints (made on demand, daily and at every
 * plenary through the maintenance queue), exports with their proofs, and — on workers — the
 * signing of heads written before signing existed.
 */
@Module({})
export class AuditModule {
  static register = oncePerRole((options) => ({
    module: AuditModule,
    imports: [AuditSigningModule, NotificationsModule.register(options)],
    controllers: [AuditController, HistoryExportController],
    providers: [AuditCheckpoints, HistoryExports, ...(options.worker ? [HeadBackfill] : [])],
    exports: [AuditCheckpoints],
  }));
}
