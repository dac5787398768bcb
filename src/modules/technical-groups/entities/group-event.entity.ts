import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { TechnicalGroup } from './technical-group.entity';

export const GROUP_EVENT_TYPES = [
  'group_created',
  'co_chair_changed',
  'member_added',
  'member_role_changed',
  'member_removed',
  'meeting_scheduled',
  'meeting_rescheduled',
  'meeting_cancelled',
  'agenda_regenerated',
  'minutes_published',
  'action_item_created',
  'action_item_updated',
  'action_item_reminder_sent',
  'action_item_overdue',
  // A checkpoint of the anchored history was sent to the co-chairs (data: id, root, at).
  'audit_checkpoint_sent',
] as const;
export type GroupEventType = (typeof GROUP_EVENT_TYPES)[number];

/** The group's history: who changed its co-chairs and roster, and what its meetings decided. */
@Entity('technical_group_events')
@Index('idx_technical_group_events_group', ['groupId', 'id'])
export class GroupEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @ManyToOne(() => TechnicalGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: TechnicalGroup;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'varchar', length: 32 })
  type: GroupEventType;

  /** Null when the service itself acted (the demo seed). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'jsonb', default: {} })
  data: Record<string, unknown>;
}
