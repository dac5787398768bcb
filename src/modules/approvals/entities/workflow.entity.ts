import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { Attributes, WorkflowStatus } from '@puentes/workflow-engine';
import { User } from '@app/modules/identity/entities/user.entity';
import { Project } from '@app/modules/projects/entities/project.entity';
import { ApprovalChain } from './approval-chain.entity';

/**
 * One run of a published chain version on a project. Its row is the lock every write takes
 * (`SELECT … FOR UPDATE`), and it carries the head of the hash-chained history.
 *
 * The workflow search (`GET /workflows`) sorts and filters through indexes written by hand in
 * the `WorkflowSearch` migration (TypeORM cannot declare descending or GIN indexes): by
 * `started_at`, by `next_due_at`, and a GIN index on `awaiting` of active workflows.
 */
@Entity('workflows')
@Index('idx_workflows_started', { synchronize: false })
@Index('idx_workflows_next_due', { synchronize: false })
@Index('idx_workflows_active_awaiting', { synchronize: false })
export class Workflow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  @Column({ name: 'chain_id', type: 'uuid' })
  chainId: string;

  @ManyToOne(() => ApprovalChain, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'chain_id' })
  chain?: ApprovalChain;

  @Column({ name: 'chain_key', type: 'varchar', length: 64 })
  chainKey: string;

  @Column({ name: 'chain_version', type: 'integer' })
  chainVersion: number;

  @Column({ type: 'varchar', length: 16 })
  status: WorkflowStatus;

  @Index()
  @Column({ name: 'coordinator_id', type: 'uuid' })
  coordinatorId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'coordinator_id' })
  coordinator?: User;

  /** The project's attributes when the workflow started: conditions read these. */
  @Column({ type: 'jsonb' })
  attributes: Attributes;

  /**
   * The project's technical group (code) when the workflow started, if the chain names it
   * (`{ projectGroup: true }`): those assignees sign as this group for the whole workflow.
   */
  @Column({ name: 'project_group', type: 'varchar', length: 32, nullable: true })
  projectGroup: string | null;

  /**
   * The open signature slots of all its active steps (the union of their
   * `workflow_steps.awaiting`), kept by every write like those: the search finds whose turn
   * it is with one index lookup.
   */
  @Column({ type: 'text', array: true, default: '{}' })
  awaiting: string[];

  /** The soonest `due_at` of its active steps (null when none has a deadline), kept likewise. */
  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true })
  nextDueAt: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** Bumped by every write: a cheap ETag. */
  @Column({ type: 'integer', default: 0 })
  version: number;

  /** `seq` of the last event in the history (0 before the first). */
  @Column({ name: 'last_seq', type: 'integer', default: 0 })
  lastSeq: number;

  /** `hash` of the last event: the next event's `prev_hash`. */
  @Column({ name: 'last_hash', type: 'char', length: 64, nullable: true })
  lastHash: string | null;

  /**
   * The service's Ed25519 signature (base64) of the head — `headMessage(id, lastSeq,
   * lastHash)` — written with it in the same statement, so that a history rewritten in the
   * database with every hash recomputed no longer matches a signature only the key can make.
   */
  @Column({ name: 'head_signature', type: 'text', nullable: true })
  headSignature: string | null;

  /** Which key made `headSignature` (`keyIdOf` its public key). */
  @Column({ name: 'head_key_id', type: 'varchar', length: 16, nullable: true })
  headKeyId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
