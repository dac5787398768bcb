import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

export type ChainStatus = 'draft' | 'published';

/**
 * A versioned approval-chain template. The steps are kept as data (JSONB in the contract's
 * step format); a published version is frozen and running workflows keep the one they began on.
 */
@Entity('approval_chains')
@Unique('uq_approval_chains_key_version', ['key', 'version'])
export class ApprovalChain {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 16 })
  status: ChainStatus;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ name: 'name_es', type: 'text' })
  nameEs: string;

  /** `{ steps: [...] }` exactly as the contract describes a step. */
  @Column({ type: 'jsonb' })
  definition: { steps: unknown[] };

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
