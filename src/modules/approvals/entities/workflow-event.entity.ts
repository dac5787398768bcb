import { Index, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Workflow } from './workflow.entity';

/**
 * The workflow's history, append-only and hash-chained:
 * `hash = sha256(prev_hash ‖ canonical JSON of { seq, at, type, actorId, data })`.
 */
@Entity('workflow_events')
// The reports' rework rate reads the few `changes_requested`/`workflow_returned` events through a
// partial index created by hand in the ReportIndexes migration; a step's rounds, its
// `step_activated` events through another (ReportActivationIndex).
@Index('idx_workflow_events_rework', { synchronize: false })
@Index('idx_workflow_events_activations', { synchronize: false })
export class WorkflowEventRecord {
  @PrimaryColumn({ name: 'workflow_id', type: 'uuid' })
  workflowId: string;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @ManyToOne(() => Workflow, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'workflow_id' })
  workflow?: Workflow;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
