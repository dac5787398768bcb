import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Why a checkpoint was made. */
export const CHECKPOINT_TRIGGERS = ['daily', 'plenary', 'manual'] as const;
export type CheckpointTrigger = (typeof CHECKPOINT_TRIGGERS)[number];

/**
 * A signed Merkle root over every workflow's head at one instant (`checkpointMessage`). Its
 * root goes out by email to every group's co-chairs, so a later rewrite of the database is
 * caught against copies the service cannot reach.
 */
@Entity('audit_checkpoints')
@Index('idx_audit_checkpoints_at', ['at'])
export class AuditCheckpoint {
  /** Chosen before signing: the id is part of the signed message. */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'key_id', type: 'varchar', length: 16 })
  keyId: string;

  /** RFC 6962 Merkle tree hash, hex. */
  @Column({ type: 'char', length: 64 })
  root: string;

  @Column({ name: 'workflow_count', type: 'integer' })
  workflowCount: number;

  /** Ed25519 signature of `checkpointMessage`, base64. */
  @Column({ type: 'text' })
  signature: string;

  @Column({ type: 'varchar', length: 16 })
  trigger: CheckpointTrigger;

  /**
   * `daily/2026-12-01`, `plenary/<meeting id>`: one checkpoint per day and per plenary,
   * however many times its job runs. Null for one an admin asked for.
   */
  @Index('uq_audit_checkpoints_trigger_key', { unique: true })
  @Column({ name: 'trigger_key', type: 'text', nullable: true })
  triggerKey: string | null;

  /** The admin who asked for it; null when the scheduler made it. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;
}
