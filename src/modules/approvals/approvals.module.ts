import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { queueErrorReporter } from '@app/queue/queue-errors';
import { NotificationsModule } from '@app/modules/notifications/notifications.module';
import { ApprovalChainsController } from './approval-chains.controller';
import { ApprovalChainsService } from './approval-chains.service';
import { DeadlinesService } from './deadlines.service';
import { ApprovalChain } from './entities/approval-chain.entity';
import { DEADLINES_QUEUE, TIMER_JOB_OPTIONS } from './jobs/deadline.jobs';
import { DeadlineProcessor } from './jobs/deadline.processor';
import { DeadlineSweeper } from './jobs/deadline.sweeper';
import { TasksService } from './tasks.service';
import { WorkflowEffects } from './workflow-effects';
import { WorkflowStore } from './workflow-store';
import { WorkflowsController } from './workflows.controller';
import { WorkflowsService } from './workflows.service';

/** Chains, workflows, decisions, the inbox, the history, and deadlines (timers and their jobs). */
@Module({})
export class ApprovalsModule {
  static register(options: { worker: boolean }): DynamicModule {
    const queue = BullModule.registerQueue({
      name: DEADLINES_QUEUE,
      defaultJobOptions: TIMER_JOB_OPTIONS,
    });
    return {
      module: ApprovalsModule,
      imports: [
        TypeOrmModule.forFeature([ApprovalChain]),
        queue,
        NotificationsModule.register(options),
      ],
      controllers: [ApprovalChainsController, WorkflowsController],
      providers: [
        ApprovalChainsService,
        WorkflowsService,
        WorkflowStore,
        WorkflowEffects,
        TasksService,
        DeadlinesService,
        queueErrorReporter(DEADLINES_QUEUE, 'Deadlines'),
        ...(options.worker ? [DeadlineProcessor, DeadlineSweeper] : []),
      ],
      exports: [ApprovalChainsService, WorkflowsService, DeadlinesService],
    };
  }
}
