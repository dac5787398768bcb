import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '@app/modules/identity/entities/user.entity';
import type { NotificationKind } from '../templates/notification-kinds';

export type EmailStatus = 'pending' | 'sent' | 'logged' | 'failed';

/**
 * One notification for one person: shown in the app and sent by email. Its text is rendered
 * once, in the recipient's language and time zone, when it is created. `dedup_key` names the
 * event and the recipient, so an event notifies each person at most once whatever is retried.
 */
@Entity('notifications')
@Index('idx_notifications_user_created', ['userId', 'createdAt'])
@Index('idx_notifications_email_sweep', ['emailSweepAfter'], { where: `email_status = 'pending'` })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'varchar', length: 32 })
  type: NotificationKind;

  @Column({ name: 'dedup_key', type: 'varchar', length: 200, unique: true })
  dedupKey: string;

  @Column({ name: 'workflow_id', type: 'uuid', nullable: true })
  workflowId: string | null;

  @Column({ name: 'step_key', type: 'varchar', length: 64, nullable: true })
  stepKey: string | null;

  /**
   * The technical group of a notice about one of its meetings or action items (its code, as the
   * web app's addresses name a group): with `meetingId` or `actionItemId`, where the inbox links.
   */
  @Column({ name: 'technical_group_code', type: 'varchar', length: 32, nullable: true })
  technicalGroupCode: string | null;

  /** The meeting a meeting or minutes notice is about. */
  @Column({ name: 'meeting_id', type: 'uuid', nullable: true })
  meetingId: string | null;

  /** The action item an action-item notice is about. */
  @Column({ name: 'action_item_id', type: 'uuid', nullable: true })
  actionItemId: string | null;

  /** The delegation (suplencia) a delegation notice is about. */
  @Column({ name: 'delegation_id', type: 'uuid', nullable: true })
  delegationId: string | null;

  @Column({ type: 'varchar', length: 2 })
  locale: 'en' | 'es';

  @Column({ type: 'text' })
  subject: string;

  /** The email's plain-text part. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  html: string;

  /**
   * What the inbox shows: the message without the email's greeting, link and signature. Null
   * on the notifications written before it was kept, which show `body` instead.
   */
  @Column({ name: 'in_app_body', type: 'text', nullable: true })
  inAppBody: string | null;

  /** An iTIP calendar message (RFC 5546): a deadline or a meeting, or its withdrawal. */
  @Column({ name: 'calendar', type: 'text', nullable: true })
  calendar: string | null;

  /** The UID of the event in `calendar`: who received an event is who gets its withdrawal. */
  @Index('idx_notifications_calendar_uid', { where: 'calendar_uid IS NOT NULL' })
  @Column({ name: 'calendar_uid', type: 'varchar', length: 200, nullable: true })
  calendarUid: string | null;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({ name: 'email_status', type: 'varchar', length: 16, default: 'pending' })
  emailStatus: EmailStatus;

  @Column({ name: 'email_attempts', type: 'integer', default: 0 })
  emailAttempts: number;

  /** While a worker sends it, no other may (a job delivered twice sends one email). */
  @Column({ name: 'email_locked_until', type: 'timestamptz', nullable: true })
  emailLockedUntil: Date | null;

  /**
   * The claim of the attempt that holds `email_locked_until`: an attempt records its outcome
   * only while the row is still pending under its own lease, so a late attempt never undoes
   * another's delivery.
   */
  @Column({ name: 'email_lease', type: 'uuid', nullable: true })
  emailLease: string | null;

  /**
   * The queue job whose run holds `email_lease`. The queue runs a job again only once it has
   * found its worker gone (its lock lapsed), so that job's next run takes the row over at once
   * rather than wait for the lease to run out: a worker killed mid-send delays its emails by
   * the queue's stalled check (seconds), not by the lease.
   */
  @Column({ name: 'email_lease_job', type: 'text', nullable: true })
  emailLeaseJob: string | null;

  /**
   * When an attempt, under its lease, was about to let the message go to the SMTP server
   * (set while the envelope goes, before the first byte of the message). Set on a row still
   * pending when no attempt holds it, it means an attempt died between sending and recording:
   * the server may hold the message, so it is marked failed (unconfirmed), never sent again.
   * Cleared when a refusal, or a failure before the message left, sends it back to pending.
   */
  @Column({ name: 'email_transmitted_at', type: 'timestamptz', nullable: true })
  emailTransmittedAt: Date | null;

  /**
   * When the sweeper may queue this email again if it is still pending: a while after it was
   * created (its own job should have sent it by then), after a retry's backoff, or after the
   * sweeper's last try. Keeps the sweeper from doubling jobs that are only waiting their turn.
   */
  @Column({ name: 'email_sweep_after', type: 'timestamptz' })
  emailSweepAfter: Date;

  @Column({ name: 'email_error', type: 'text', nullable: true })
  emailError: string | null;

  @Column({ name: 'message_id', type: 'varchar', length: 200, nullable: true })
  messageId: string | null;

  @Column({ name: 'email_sent_at', type: 'timestamptz', nullable: true })
  emailSentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
