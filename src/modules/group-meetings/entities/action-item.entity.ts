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
import type { BusinessDaysSla } from '@puentes/business-calendar';
import { Agency } from '@app/modules/identity/entities/agency.entity';
import { TechnicalGroup } from '@app/modules/technical-groups/entities/technical-group.entity';
import { Meeting } from './meeting.entity';

export const ACTION_ITEM_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/** Something a meeting asked one agency to do, by a date. */
@Entity('action_items')
@Index('idx_action_items_group_status', ['groupId', 'status'])
@Index('idx_action_items_meeting', ['meetingId'])
@Index('idx_action_items_open_due', ['dueAt'], { where: `status = 'open'` })
export class ActionItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @ManyToOne(() => TechnicalGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: TechnicalGroup;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;

  @Column({ name: 'title_en', type: 'text' })
  titleEn: string;

  @Column({ name: 'title_es', type: 'text' })
  titleEs: string;

  @Column({ name: 'owner_agency_id', type: 'uuid' })
  ownerAgencyId: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_agency_id' })
  ownerAgency?: Agency;

  /** The owner's local due date. */
  @Column({ name: 'due_date', type: 'date' })
  dueDate: string;

  /** Set when the due date was given as business days after the meeting. */
  @Column({ name: 'due_rule', type: 'jsonb', nullable: true })
  dueRule: BusinessDaysSla | null;

  /** 18:00 on `due_date` in the owner agency's zone: what reminders and escalations count from. */
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: ActionItemStatus;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
