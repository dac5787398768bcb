import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { TechnicalGroup } from '@app/modules/technical-groups/entities/technical-group.entity';

export const MEETING_KINDS = ['regional', 'plenary', 'extraordinary'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_STATUSES = ['scheduled', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** A meeting of a technical group, at an instant stated in an IANA zone. */
@Entity('meetings')
@Check('chk_meetings_status', `status IN ('scheduled', 'cancelled')`)
@Index('idx_meetings_group_starts', ['groupId', 'startsAt'])
export class Meeting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @ManyToOne(() => TechnicalGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: TechnicalGroup;

  @Column({ type: 'varchar', length: 16 })
  kind: MeetingKind;

  @Column({ name: 'title_en', type: 'text' })
  titleEn: string;

  @Column({ name: 'title_es', type: 'text' })
  titleEs: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  /** The zone the start was stated in; invitations show it beside each reader's own. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ name: 'duration_minutes', type: 'integer' })
  durationMinutes: number;

  @Column({ type: 'text', nullable: true })
  place: string | null;

  @Column({ type: 'text', nullable: true })
  link: string | null;

  @Column({ type: 'varchar', length: 16, default: 'scheduled' })
  status: MeetingStatus;

  /**
   * How many times the invitation was changed (moved, cancelled): the `.ics` SEQUENCE, so a
   * calendar replaces its entry with the newest one.
   */
  @Column({ type: 'integer', default: 0 })
  sequence: number;

  /** Why it was cancelled, as the co-chair said it (shown to members). */
  @Column({ name: 'cancellation_note', type: 'text', nullable: true })
  cancellationNote: string | null;

  /** When the generated part of the agenda was last (re)built. */
  @Column({ name: 'agenda_generated_at', type: 'timestamptz' })
  agendaGeneratedAt: Date;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
