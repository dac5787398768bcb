import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AgendaStep } from '@app/modules/technical-groups/group-work';
import { Meeting } from './meeting.entity';

/**
 * One item of a meeting's agenda. `generated` items are one per project with its overdue and
 * due-soon steps (a snapshot taken when the agenda was generated); `manual` items were added
 * by a co-chair and survive regeneration.
 */
@Entity('meeting_agenda_items')
@Index('idx_meeting_agenda_items_meeting', ['meetingId', 'position'])
export class AgendaItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 16 })
  source: 'generated' | 'manual';

  @Column({ name: 'title_en', type: 'text' })
  titleEn: string;

  @Column({ name: 'title_es', type: 'text' })
  titleEs: string;

  /** The project a generated item is about. */
  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId: string | null;

  /** A generated item's steps, as they stood when the agenda was generated. */
  @Column({ type: 'jsonb', default: [] })
  steps: AgendaStep[];
}
