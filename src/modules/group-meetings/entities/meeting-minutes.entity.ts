import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import type { Bilingual } from '@app/common/bilingual';
import { Meeting } from './meeting.entity';

/**
 * One version of a meeting's minutes. A draft is edited in place; publishing freezes it, and a
 * correction is a new version (n + 1) that is drafted and published in turn, so every
 * published text stays as it was sent.
 */
@Entity('meeting_minutes')
@Unique('uq_meeting_minutes_version', ['meetingId', 'version'])
// One draft at a time: a correction is drafted on top of the published versions.
@Index('uq_meeting_minutes_one_draft', ['meetingId'], { unique: true, where: `status = 'draft'` })
export class MeetingMinutes {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 16 })
  status: 'draft' | 'published';

  @Column({ type: 'jsonb' })
  decisions: Bilingual[];

  /** Agencies present, by id. */
  @Column({ name: 'present_agency_ids', type: 'uuid', array: true })
  presentAgencyIds: string[];

  /** Why a later version corrects the one before. */
  @Column({ name: 'correction_note', type: 'text', nullable: true })
  correctionNote: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy: string | null;
}
