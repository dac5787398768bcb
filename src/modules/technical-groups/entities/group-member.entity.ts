import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { User } from '@app/modules/identity/entities/user.entity';
import { TechnicalGroup } from './technical-group.entity';

/** The roles a person can hold in a group; `co_chair` lives in the group's two co-chair columns. */
export const GROUP_ROLES = ['co_chair', 'member', 'observer'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];
export type MemberRole = Exclude<GroupRole, 'co_chair'>;

/**
 * A person who belongs to a group as a member or an observer. The two co-chairs are not rows
 * here: `technical_groups.co_chair_mx_id`/`co_chair_us_id` stay their one source of truth,
 * which co-chair sign-off already reads.
 */
@Entity('technical_group_members')
@Check('chk_technical_group_members_role', `role IN ('member', 'observer')`)
@Index('idx_technical_group_members_user', ['userId'])
export class GroupMember {
  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @ManyToOne(() => TechnicalGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: TechnicalGroup;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 16 })
  role: MemberRole;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}
