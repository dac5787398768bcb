import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter';
import { IdempotencyKey } from './common/idempotency/idempotency-key.entity';
import { IdempotencyInterceptor } from './common/idempotency/idempotency.interceptor';
import { AfterCommitModule } from './common/jobs/after-commit';
import { NewSignersListeners } from './common/signers/new-signers';
import { Clock, SystemClock } from './common/clock/clock';
import { RUNTIME_CONFIG, type RuntimeConfig } from './config/runtime-config';
import { dataSourceOptions } from './database/data-source';
import { ApprovalsModule } from './modules/approvals/approvals.module';
import { AuditModule } from './modules/audit/audit.module';
import { DocumentsModule } from './modules/documents/documents.module';
import { HealthModule } from './modules/health/health.module';
import { IdentityModule } from './modules/identity/identity.module';
import { MaintenanceModule } from './modules/maintenance/maintenance.module';
import type { Metrics } from './modules/operations/metrics';
import { OperationsModule } from './modules/operations/operations.module';
import { ProjectsModule } from './modules/projects/projects.module';
import { ReportsModule } from './modules/reports/reports.module';
import { SeedModule } from './modules/seed/seed.module';
import { GroupMeetingsModule } from './modules/group-meetings/group-meetings.module';
import { TechnicalGroupsModule } from './modules/technical-groups/technical-groups.module';
import { WebAppModule } from './modules/web/web-app.module';
import { queueOptions } from './queue/queue-backend';

@Global()
@Module({})
class ConfigModule {
  static of(config: RuntimeConfig, clock: Clock): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: RUNTIME_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        NewSignersListeners,
      ],
      exports: [RUNTIME_CONFIG, Clock, NewSignersListeners],
    };
  }
}

/**
 * The whole service. `APP_ROLE` decides what runs: `api` serves HTTP only, `worker` runs the
 * BullMQ processors and schedulers only, `all` both.
 */
@Module({})
export class AppModule {
  /**
   * `clock`: where timers and sweepers read the time (the system's unless a test sets one).
   */
  static forRoot(
    config: RuntimeConfig,
    operations: { metrics: Metrics },
    clock: Clock = new SystemClock(),
  ): DynamicModule {
    const worker = config.appRole !== 'api';
    return {
      module: AppModule,
      imports: [
        ConfigModule.of(config, clock),
        OperationsModule.register({ metrics: operations.metrics, role: config.appRole }),
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, config.database)),
        TypeOrmModule.forFeature([IdempotencyKey]),
        BullModule.forRoot(queueOptions(config)),
        ...(worker ? [ScheduleModule.forRoot()] : []),
        MaintenanceModule.register({ worker }),
        IdentityModule,
        TechnicalGroupsModule,
        GroupMeetingsModule.register({ worker }),
        ProjectsModule,
        DocumentsModule.register({ worker }),
        ApprovalsModule.register({ worker }),
        ReportsModule,
        AuditModule.register({ worker }),
        AfterCommitModule,
        HealthModule,
        SeedModule,
        // Last, so its fallback to index.html comes after every API route.
        ...(config.appRole === 'worker' ? [] : [WebAppModule.register()]),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
