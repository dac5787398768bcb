import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { DecisionKind, Seat } from '@puentes/workflow-engine';
import { User } from '@app/modules/identity/entities/user.entity';
import { WorkflowStep } from './workflow-step.entity';

/**
 * One signature. The unique key is the last line of defence against double decisions: of N
 * simultaneous identical calls, at most one row can exist per step, round, assignee and seat
 * (`agency` for an agency; `mx`/`us` for a technical group's co-chairs).
 */
@Entity('step_decisions')
@Unique('uq_step_decisions_signature', ['stepId', 'round', 'assignee', 'seat'])
export class StepDecisionRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'step_id', type: 'uuid' })
  stepId: string;

  @ManyToOne(() => WorkflowStep, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'step_id' })
  step?: WorkflowStep;

  @Column({ type: 'integer' })
  round: number;

  @Column({ type: 'varchar', length: 80 })
  assignee: string;

  @Column({ type: 'varchar', length: 8 })
  seat: Seat;

  @Column({ type: 'varchar', length: 24 })
  decision: DecisionKind;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'decided_by' })
  decider?: User | null;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt: Date;
}
