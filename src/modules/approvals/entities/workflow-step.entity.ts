import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import type { StepStatus } from '@puentes/workflow-engine';
import { Workflow } from './workflow.entity';

/** A step of a workflow: the engine's step state, plus what the deadline layer adds. */
@Entity('workflow_steps')
@Unique('uq_workflow_steps_workflow_key', ['workflowId', 'key'])
// The task inbox reads the open signature slots of active steps through a GIN index on
// `awaiting`, created by hand in the migration (TypeORM cannot declare GIN indexes).
@Index('idx_workflow_steps_active_due', ['dueAt'], { where: `status = 'active'` })
@Index('idx_workflow_steps_active_awaiting', { synchronize: false })
// The reports read the few steps that ran more than one round (or were reset, cancelled or
// sent back) from their history: a partial index finds them (ReportActivationIndex).
@Index('idx_workflow_steps_rounds', { synchronize: false })
// …and the few steps an admin reassigned (ReportReassignedStepsIndex).
@Index('idx_workflow_steps_reassigned', { synchronize: false })
// The search finds the few steps sent back for changes (waiting for the coordinator's
// resubmission) through a partial index (WorkflowStepsChangesRequestedIndex).
@Index('idx_workflow_steps_changes_requested', { synchronize: false })
export class WorkflowStep {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'workflow_id', type: 'uuid' })
  workflowId: string;

  @ManyToOne(() => Workflow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workflow_id' })
  workflow?: Workflow;

  @Column({ type: 'varchar', length: 64 })
  key: string;

  /** Position in the chain definition. */
  @Column({ type: 'integer' })
  position: number;

  /**
   * The signature slots still open in the current round of an active step (`agency:CBP/agency`,
   * `group:SON-AZ/mx`), empty otherwise: derived from the step's signatures on every write, so
   * the task inbox is one index lookup.
   */
  @Column({ type: 'text', array: true, default: '{}' })
  awaiting: string[];

  @Column({ type: 'varchar', length: 24 })
  status: StepStatus;

  @Column({ type: 'integer', default: 0 })
  round: number;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'escalation_level', type: 'integer', default: 0 })
  escalationLevel: number;

  /**
   * The step's assignees in this workflow once an admin reassigned one (`assignee_reassigned`):
   * `agency:GSA`, `group:SON-AZ`, in the chain's order; null while they are the chain's.
   */
  @Column({ type: 'text', array: true, nullable: true })
  assignees: string[] | null;
}
