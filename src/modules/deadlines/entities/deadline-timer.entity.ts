import {
  Check,
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
import { Delegation } from '@app/modules/delegations/entities/delegation.entity';
import { ActionItem } from '@app/modules/group-meetings/entities/action-item.entity';

/** A step's or action item's `reminder` and `escalation`; a delegation's `start`. */
export type TimerKind = 'reminder' | 'escalation' | 'start';
export type TimerStatus = 'pending' | 'fired' | 'cancelled';

/**
 * A reminder or escalation of one round of a workflow step, or of one schedule of a technical
 * group's action item (`round` counts its reschedules), or the start of a delegation made
 * ahead of its window (its delegate is then told of the steps waiting on them). The database
 * is the source of truth for every deadline: a delayed job is only the fast path, and the
 * sweeper re-enqueues a timer that falls due and fires one left overdue.
 */
@Entity('deadline_timers')
@Unique('uq_deadline_timers_slot', ['stepId', 'round', 'kind', 'ordinal'])
@Unique('uq_deadline_timers_action_item_slot', ['actionItemId', 'round', 'kind', 'ordinal'])
@Unique('uq_deadline_timers_delegation_slot', ['delegationId', 'kind'])
@Check(
  'chk_deadline_timers_subject',
  `(step_id IS NOT NULL AND workflow_id IS NOT NULL AND action_item_id IS NULL AND delegation_id IS NULL)
   OR (action_item_id IS NOT NULL AND step_id IS NULL AND workflow_id IS NULL AND delegation_id IS NULL)
   OR (delegation_id IS NOT NULL AND step_id IS NULL AND workflow_id IS NULL AND action_item_id IS NULL)`,
)
@Index('idx_deadline_timers_pending', ['fireAt'], { where: `status = 'pending'` })
export class DeadlineTimer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'workflow_id', type: 'uuid', nullable: true })
  workflowId: string | null;

  @Column({ name: 'step_id', type: 'uuid', nullable: true })
  stepId: string | null;

  @ManyToOne(() => WorkflowStep, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'step_id' })
  step?: WorkflowStep;

  @Column({ name: 'action_item_id', type: 'uuid', nullable: true })
  actionItemId: string | null;

  @ManyToOne(() => ActionItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'action_item_id' })
  actionItem?: ActionItem;

  @Column({ name: 'delegation_id', type: 'uuid', nullable: true })
  delegationId: string | null;

  @ManyToOne(() => Delegation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delegation_id' })
  delegation?: Delegation;

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

  /** Step escalations: whom to tell (coordinator, admin, agency, group_chairs). */
  @Column({ type: 'text', array: true, default: '{}' })
  notify: EscalationTarget[];

  @Column({ name: 'fired_at', type: 'timestamptz', nullable: true })
  firedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
