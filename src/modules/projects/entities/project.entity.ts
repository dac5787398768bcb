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
import { User } from '@app/modules/identity/entities/user.entity';
import { TechnicalGroup } from '@app/modules/technical-groups/entities/technical-group.entity';

export const PROJECT_TYPES = [
  'bridge',
  'land_port_of_entry',
  'rail_crossing',
  'expansion',
  'other',
] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];

export const PROJECT_STATUSES = [
  'planning',
  'active',
  'on_hold',
  'completed',
  'cancelled',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export type ProjectAttributes = Record<string, string | number | boolean>;

@Entity('projects')
export class Project {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  code: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ name: 'name_es', type: 'text' })
  nameEs: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  type: ProjectType;

  @Index()
  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: ProjectStatus;

  @Index()
  @Column({ name: 'technical_group_id', type: 'uuid', nullable: true })
  technicalGroupId: string | null;

  @ManyToOne(() => TechnicalGroup, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'technical_group_id' })
  technicalGroup?: TechnicalGroup | null;

  /** Flat facts about the project (`involvesRail: true`) that chain conditions read. */
  @Column({ type: 'jsonb', default: {} })
  attributes: ProjectAttributes;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'created_by' })
  creator?: User | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
