import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApprovalChainsController } from './approval-chains.controller';
import { ApprovalChainsService } from './approval-chains.service';
import { ApprovalChain } from './entities/approval-chain.entity';
import { TasksService } from './tasks.service';
import { WorkflowStore } from './workflow-store';
import { WorkflowsController } from './workflows.controller';
import { WorkflowsService } from './workflows.service';

@Module({
  imports: [TypeOrmModule.forFeature([ApprovalChain])],
  controllers: [ApprovalChainsController, WorkflowsController],
  providers: [ApprovalChainsService, WorkflowsService, WorkflowStore, TasksService],
  exports: [ApprovalChainsService, WorkflowsService],
})
export class ApprovalsModule {}
