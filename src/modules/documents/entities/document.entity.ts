import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Agency } from '@app/modules/identity/entities/agency.entity';
import { User } from '@app/modules/identity/entities/user.entity';
import { Workflow } from '@app/modules/approvals/entities/workflow.entity';
import { Project } from '@app/modules/projects/entities/project.entity';

export const DOCUMENT_KINDS = [
  'technical_file',
  'environmental',
  'agency_opinion',
  'minutes',
  'permit',
  'map',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A document of a project's expediente; its bytes are in `document_versions`. */
@Entity('documents')
@Index('idx_documents_project_created', ['projectId', 'createdAt'])
export class Document {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @ManyToOne(() => Project, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id' })
  project?: Project;

  /** The workflow of the step it belongs to; null for a document of the whole project. */
  @Index()
  @Column({ name: 'workflow_id', type: 'uuid', nullable: true })
  workflowId: string | null;

  @ManyToOne(() => Workflow, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'workflow_id' })
  workflow?: Workflow | null;

  @Column({ name: 'step_key', type: 'varchar', length: 64, nullable: true })
  stepKey: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind: DocumentKind;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'boolean', default: false })
  restricted: boolean;

  /** The latest version's number (versions count from 1). */
  @Column({ name: 'current_version', type: 'integer' })
  currentVersion: number;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by' })
  creator?: User;

  /**
   * The agency of whoever uploaded the first version, when they had one: a restricted
   * document stays visible to that agency even if its uploader moves on.
   */
  @Column({ name: 'uploader_agency_id', type: 'uuid', nullable: true })
  uploaderAgencyId: string | null;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'uploader_agency_id' })
  uploaderAgency?: Agency | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
