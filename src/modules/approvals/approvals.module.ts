import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditSigningModule } from '@app/modules/audit/audit-signing.module';
import { NotificationsModule } from '@app/modules/notifications/notifications.module';
import { DelegationsModule } from '@app/modules/delegations/delegations.module';
import { ApprovalChainsController } from './approval-chains.controller';
import { ApprovalChainsService } from './approval-chains.service';
import { ApprovalChain } from './entities/approval-chain.entity';
import { DeadlinesModule } from '@app/modules/deadlines/deadlines.module';
import { StaffingNotices } from './staffing-notices';
import { StepTimers } from './step-timers.service';
import { TasksService } from './tasks.service';
import { WorkflowEffects } from './workflow-effects';
import { WorkflowSearchService } from './workflow-search.service';
import { WorkflowStore } from './workflow-store';
import { WorkflowsController } from './workflows.controller';
import { WorkflowsService } from './workflows.service';

/** Chains, workflows (and their search), decisions, the inbox, the history, and the timers of workflow steps. */
@Module({})
export class ApprovalsModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: ApprovalsModule,
      imports: [
        TypeOrmModule.forFeature([ApprovalChain]),
        NotificationsModule.register(options),
        DeadlinesModule.register(options),
        AuditSigningModule,
        // Who signs in whose place (suplencia).
        DelegationsModule.register(options),
      ],
      controllers: [ApprovalChainsController, WorkflowsController],
      providers: [
        ApprovalChainsService,
        WorkflowsService,
        WorkflowStore,
        WorkflowEffects,
        TasksService,
        WorkflowSearchService,
        StepTimers,
        StaffingNotices,
      ],
      exports: [ApprovalChainsService, WorkflowsService],
    };
  }
}
