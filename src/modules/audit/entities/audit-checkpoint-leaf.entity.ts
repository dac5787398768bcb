import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AuditCheckpoint } from './audit-checkpoint.entity';

/**
 * One workflow's head as a checkpoint recorded it: the leaves of its Merkle tree, kept so an
 * export can carry the audit path of its head long after the head has moved on. Leaves are
 * ordered by `workflow_id`; the leaf hash is `leafHash(headMessage(workflow_id, seq, hash))`.
 */
@Entity('audit_checkpoint_leaves')
export class AuditCheckpointLeaf {
  @PrimaryColumn({ name: 'checkpoint_id', type: 'uuid' })
  checkpointId: string;

  @ManyToOne(() => AuditCheckpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'checkpoint_id' })
  checkpoint?: AuditCheckpoint;

  /** No foreign key: a checkpoint is evidence, and outlives anything it covers. */
  @PrimaryColumn({ name: 'workflow_id', type: 'uuid' })
  workflowId: string;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
