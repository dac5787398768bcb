import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import type { EscalationTarget } from '@puentes/workflow-engine';
import { WorkflowStep } from '@app/modules/approvals/entities/workflow-step.entity';

export type TimerKind = 'reminder' | 'escalation';
export type TimerStatus = 'pending' | 'fired' | 'cancelled';

/**
 * A reminder or escalation of one round of a step. The database is the source of truth for
 * every deadline: a delayed job is only the fast path, and the sweeper re-enqueues any timer
 * that is due and still pending.
 */
@Entity('deadline_timers')
@Unique('uq_deadline_timers_slot', ['stepId', 'round', 'kind', 'ordinal'])
@Index('idx_deadline_timers_pending', ['fireAt'], { where: `status = 'pending'` })
export class DeadlineTimer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'workflow_id', type: 'uuid' })
  workflowId: string;

  @Column({ name: 'step_id', type: 'uuid' })
  stepId: string;

  @ManyToOne(() => WorkflowStep, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'step_id' })
  step?: WorkflowStep;

  @Column({ type: 'integer' })
  round: number;

  @Column({ type: 'varchar', length: 16 })
  kind: TimerKind;

  /** Position of the reminder or escalation in the step definition. */
  @Column({ type: 'integer' })
  ordinal: number;

  @Column({ name: 'fire_at', type: 'timestamptz' })
  fireAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: TimerStatus;

  /** Escalations: whom to tell (coordinator, admin, agency, group_chairs). */
  @Column({ type: 'text', array: true, default: '{}' })
  notify: EscalationTarget[];

  @Column({ name: 'fired_at', type: 'timestamptz', nullable: true })
  firedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
