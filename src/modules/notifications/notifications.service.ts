import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { parseAssigneeId } from '@puentes/workflow-engine';
import { Clock } from '@app/common/clock/clock';
import { prepared } from '@app/database/prepared-statement';
import { notFound } from '@app/common/errors/domain-error';
import { page, type PaginationQuery } from '@app/common/http/pagination';
import type { AfterCommitJob } from '@app/common/jobs/after-commit';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import {
  type DelegationInForceRow,
  delegationsInForce,
  lendsAt,
  lentBy,
} from '@app/modules/delegations/delegations-in-force';
import { NotificationView } from './dto/notification.dto';
import { emailJobs } from './jobs/email.jobs';
import { Notification } from './entities/notification.entity';
import { buildCalendarInvite, type CalendarPerson } from './templates/calendar-invite';
import {
  type GroupNotificationInput,
  renderGroupNotification,
} from './templates/render-group-notification';
import {
  type AuditNotificationInput,
  renderAuditNotification,
} from './templates/render-audit-notification';
import {
  type ActionItemNotificationKind,
  type AuditNotificationKind,
  type CalendarNotificationKind,
  DELEGATE_NOTICE_KINDS,
  type DelegationNotificationKind,
  type GroupNotificationKind,
  type WorkflowNotificationKind,
} from './templates/notification-kinds';
import {
  type ActionItemNotificationInput,
  renderActionItemNotification,
} from './templates/render-action-item-notification';
import {
  type DeadlineWithdrawalInput,
  renderDeadlineWithdrawal,
} from './templates/render-deadline-withdrawal';
import { type NotificationInput, renderNotification } from './templates/render-notification';
import {
  type DelegationNotificationInput,
  renderDelegationNotification,
} from './templates/render-delegation-notification';

/**
 * How long a new notification's email is left to its own job before the sweeper may queue it
 * again: a job is queued right after the commit, and the sweeper leaves alone emails whose job
 * waits in a busy queue or holds their lease; so short that a job lost after the commit (a
 * worker killed in between, Redis unreachable: see `AfterCommitJob`) delays the email by a few
 * seconds. It was 10 s: a reminder whose worker was killed right after its timer fired then
 * came 8–10 s after the workers were back, at the contract's limit. An email queued twice is
 * still sent once (the claim's lease).
 */
const SWEEP_EMAILS_AFTER_SECONDS = 4;

/**
 * Who is to be told: resolved to active users when the notifications are created.
 *
 * `approversOf` and `coChairSeats` name signatures (an agency's, a group's seat): for the kinds
 * that ask for a step's decision (`DELEGATE_NOTICE_KINDS`), they also reach the delegates those
 * signatures are lent to by a delegation in force (suplencia: `delegationsInForce`, `lentBy`),
 * in the delegator's place. `coChairsOf` names the group's chairs as people (its meetings, its
 * audit, an escalation to `group_chairs`), never their delegates.
 */
export interface RecipientQuery {
  userIds?: string[];
  /** Every approver of these agencies (by code): the agency's signature. */
  approversOf?: string[];
  /** Both co-chairs of these technical groups (by code), as the group's chairs. */
  coChairsOf?: string[];
  /** The holder of one co-chair seat of a group, `SON-AZ/mx`: that seat's signature. */
  coChairSeats?: string[];
  admins?: boolean;
  /**
   * Whoever received a calendar event with one of these UIDs (full, with `@puentes`) in a
   * notice other than its withdrawal: the people whose calendars hold it.
   */
  calendarHolders?: string[];
  /** Never these users, whatever else names them (the author of a comment). */
  exceptUserIds?: string[];
}

type PerRecipient = 'kind' | 'locale' | 'timeZone' | 'recipientName' | 'recipient';

interface BatchOf<K, C> {
  kind: K;
  to: RecipientQuery;
  /** Names the event; with the recipient's id it is the dedup key (one per person per event). */
  event: string;
  context: C;
  /**
   * Recipients for whom it is written already read: those whose own act caused it (the
   * approver whose signature withdrew a deadline still gets the calendar's CANCEL by email,
   * but the inbox does not tell them, unread, what they just did).
   */
  readBy?: readonly string[];
  /**
   * A calendar event: a deadline (assignments and reminders) or a meeting; `cancelled` withdraws
   * it (METHOD:CANCEL). `uid` is the event's own part, `@puentes` is added.
   */
  calendar?: {
    uid: string;
    start: Date;
    durationMinutes?: number;
    location?: string;
    sequence?: number;
    cancelled?: boolean;
  } | null;
}

/**
 * About a workflow's step or outcome, a technical group's meeting, its action item, or a
 * checkpoint of the anchored history.
 */
export type NotificationBatch =
  | BatchOf<WorkflowNotificationKind, Omit<NotificationInput, PerRecipient>>
  | BatchOf<GroupNotificationKind, Omit<GroupNotificationInput, PerRecipient>>
  | BatchOf<ActionItemNotificationKind, Omit<ActionItemNotificationInput, PerRecipient>>
  | BatchOf<AuditNotificationKind, Omit<AuditNotificationInput, PerRecipient>>
  | BatchOf<CalendarNotificationKind, Omit<DeadlineWithdrawalInput, PerRecipient>>
  | BatchOf<DelegationNotificationKind, Omit<DelegationNotificationInput, PerRecipient>>;

type Reader = Pick<NotificationInput, 'locale' | 'timeZone' | 'recipientName'>;

/**
 * Renders a batch for one reader (`readerId`) with the templates of its kind; each links to its
 * page under `appUrl` (`PUBLIC_URL`, see `templates/links.ts`). `lent`: the delegators whose
 * place a delegate reads a workflow notice in, and until when (see {@link reach}), which it then
 * names. A delegation's notice is worded to the delegator or to the delegate, whichever reads it.
 */
function render(
  batch: NotificationBatch,
  reader: Reader,
  appUrl: string,
  readerId: string,
  lent?: { inPlaceOf: readonly string[]; until: Date | null },
) {
  if ('meeting' in batch.context)
    return renderGroupNotification({
      ...batch.context,
      kind: batch.kind as GroupNotificationKind,
      ...reader,
      appUrl,
    });
  if ('checkpoint' in batch.context)
    return renderAuditNotification({
      ...batch.context,
      kind: batch.kind as AuditNotificationKind,
      ...reader,
    });
  if ('withdrawal' in batch.context)
    return renderDeadlineWithdrawal({
      ...batch.context,
      kind: batch.kind as CalendarNotificationKind,
      ...reader,
      appUrl,
    });
  if ('delegation' in batch.context) {
    const { delegatorId, delegateId } = batch.context.delegation;
    return renderDelegationNotification({
      ...batch.context,
      kind: batch.kind as DelegationNotificationKind,
      ...reader,
      recipient:
        readerId === delegatorId ? 'delegator' : readerId === delegateId ? 'delegate' : null,
      appUrl,
    });
  }
  if ('actionItem' in batch.context)
    return renderActionItemNotification({
      ...batch.context,
      kind: batch.kind as ActionItemNotificationKind,
      ...reader,
      appUrl,
    });
  return renderNotification({
    ...batch.context,
    kind: batch.kind as WorkflowNotificationKind,
    ...reader,
    appUrl,
    ...(lent && lent.inPlaceOf.length > 0
      ? { awaitingInPlaceOf: lent.inPlaceOf, awaitingUntil: lent.until }
      : {}),
  });
}

/**
 * What a notification is about, for its columns: where the inbox links it (the workflow and
 * step, the group's meeting or action items, the delegations); the email's workflow and step
 * headers come from them too. Read from the batch's context, which every notice of its kind
 * carries, so no caller has to say it twice.
 */
function subjectOf(batch: NotificationBatch) {
  const context = batch.context;
  const about = {
    workflowId: null as string | null,
    stepKey: null as string | null,
    technicalGroupCode: null as string | null,
    meetingId: null as string | null,
    actionItemId: null as string | null,
    delegationId: null as string | null,
  };
  if ('workflow' in context) {
    about.workflowId = context.workflow.id;
    about.stepKey = context.step?.key ?? null;
  } else if ('withdrawal' in context) {
    about.workflowId = context.withdrawal.workflowId;
    about.stepKey = context.withdrawal.stepKey;
  }
  if ('meeting' in context) {
    about.technicalGroupCode = context.group.code;
    about.meetingId = context.meeting.id;
  } else if ('actionItem' in context) {
    about.technicalGroupCode = context.group.code;
    about.actionItemId = context.actionItem.id;
  }
  if ('delegation' in context) about.delegationId = context.delegation.id;
  return about;
}

/** `MAIL_FROM` (`Name <address>` or an address) as the ORGANIZER of calendar messages. */
function organizerOf(mailFrom: string): CalendarPerson {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(mailFrom);
  return match ? { name: match[1] || undefined, email: match[2] } : { email: mailFrom.trim() };
}

/** A user a notification may go to, with the facts recipient queries select on. */
interface Candidate {
  id: string;
  name: string;
  email: string;
  locale: 'en' | 'es';
  time_zone: string;
  agency_code: string | null;
  approver: boolean;
  admin: boolean;
  /** The co-chair seats the user holds: `SON-AZ/mx`. */
  seats: string[];
  /** Which of the asked calendar UIDs (`RecipientQuery.calendarHolders`) the user received. */
  calendars: string[];
  /**
   * The delegations in force lending the user a signature a batch asks for (oldest first),
   * each with its delegator: empty unless a batch of `DELEGATE_NOTICE_KINDS` names one.
   */
  lent: DelegationInForceRow[];
}

@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: RuntimeConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates, in the caller's transaction, one notification per recipient of each batch, in
   * the recipient's language and time zone. An event already notified to a person is skipped
   * (unique dedup key). Every batch's recipients come from one query. Returns the email jobs
   * to enqueue after commit, each carrying up to `EMAILS_PER_JOB` notifications.
   *
   * A batch asking for a step's decision also reaches the delegates of the signatures it names,
   * at the clock's instant (see `RecipientQuery`): one notice each, in their delegator's place —
   * or, for a delegate who holds one of those signatures themself, their own (see {@link reach}).
   */
  async notify(manager: EntityManager, batches: NotificationBatch[]): Promise<AfterCommitJob[]> {
    if (batches.length === 0) return [];
    const candidates = await this.recipients(manager, batches);
    // DTSTAMP of every calendar message made here: now, when it is made (RFC 5545 §3.8.7.2).
    const stamp = new Date();
    const organizer = organizerOf(this.config.mailFrom);
    const rows: Partial<Record<string, unknown>>[] = [];
    for (const batch of batches) {
      const about = subjectOf(batch);
      for (const user of candidates) {
        const reached = reach(user, batch);
        if (!reached) continue;
        const text = render(
          batch,
          {
            locale: user.locale,
            timeZone: user.time_zone,
            recipientName: user.name,
          },
          this.config.publicUrl,
          user.id,
          reached === 'own' ? undefined : reached,
        );
        const calendarUid = batch.calendar ? `${batch.calendar.uid}@puentes` : null;
        const calendar = batch.calendar
          ? buildCalendarInvite({
              uid: calendarUid!,
              organizer,
              attendee: { email: user.email, name: user.name },
              stamp,
              // The email's subject, app tag and all: a calendar, like a mailbox, is outside
              // the app, its events among the reader's others (and its notices, deadlines and
              // meetings, carry their project's or group's tag anyway).
              title: text.subject,
              description: text.eventText,
              url: text.url ?? undefined,
              start: batch.calendar.start,
              durationMinutes: batch.calendar.durationMinutes,
              location: batch.calendar.location,
              sequence: batch.calendar.sequence,
              cancelled: batch.calendar.cancelled,
            })
          : null;
        rows.push({
          user_id: user.id,
          type: batch.kind,
          dedup_key: `${batch.event}/${user.id}`,
          workflow_id: about.workflowId,
          step_key: about.stepKey,
          technical_group_code: about.technicalGroupCode,
          meeting_id: about.meetingId,
          action_item_id: about.actionItemId,
          delegation_id: about.delegationId,
          locale: user.locale,
          subject: text.subject,
          body: text.text,
          html: text.html,
          in_app_body: text.inApp,
          calendar,
          calendar_uid: calendarUid,
          read_at: batch.readBy?.includes(user.id) ? stamp.toISOString() : null,
        });
      }
    }
    if (rows.length === 0) return [];
    const inserted = (await manager.query(
      `INSERT INTO notifications (user_id, type, dedup_key, workflow_id, step_key,
                                  technical_group_code, meeting_id, action_item_id, delegation_id,
                                  locale, subject, body, html, in_app_body, calendar, calendar_uid,
                                  read_at, email_sweep_after)
       SELECT n.*, now() + make_interval(secs => $2)
         FROM jsonb_to_recordset($1::jsonb) AS n(user_id uuid, type text, dedup_key text,
              workflow_id uuid, step_key text, technical_group_code text, meeting_id uuid,
              action_item_id uuid, delegation_id uuid, locale text, subject text, body text,
              html text, in_app_body text, calendar text, calendar_uid text, read_at timestamptz)
       ON CONFLICT (dedup_key) DO NOTHING
       RETURNING id, type`,
      [JSON.stringify(rows), SWEEP_EMAILS_AFTER_SECONDS],
    )) as { id: string; type: string }[];
    return emailJobs(inserted);
  }

  async list(user: AuthUser, query: PaginationQuery & { unread?: boolean }) {
    const [items, total] = await this.dataSource.manager.findAndCount(Notification, {
      where: { userId: user.id, ...(query.unread ? { readAt: IsNull() } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(items.map(NotificationView.of), total, query);
  }

  /** Someone else's notification is a 404: it is not theirs to see. */
  async markRead(user: AuthUser, id: string): Promise<NotificationView> {
    const manager = this.dataSource.manager;
    const notification = await manager.findOneBy(Notification, { id, userId: user.id });
    if (!notification) throw notFound('notification', id);
    if (!notification.readAt) {
      notification.readAt = new Date();
      await manager.update(Notification, { id }, { readAt: notification.readAt });
    }
    return NotificationView.of(notification);
  }

  async failedDeliveries(query: PaginationQuery) {
    const [items, total] = await this.dataSource.manager.findAndCount(Notification, {
      where: { emailStatus: 'failed' },
      relations: { user: true },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(
      items.map((n) => ({
        ...NotificationView.of(n),
        recipient: { id: n.userId, email: n.user!.email, name: n.user!.name },
        emailAttempts: n.emailAttempts,
        emailError: n.emailError,
      })),
      total,
      query,
    );
  }

  /**
   * Every active user any of the batches names, with what decides which batch names them. The
   * delegates of a signature a `DELEGATE_NOTICE_KINDS` batch names come with the delegations
   * that lend it to them (`lent`): the delegations in force now whose delegator holds a
   * signature a batch names; `lentBy` then decides, per batch, which of them lend it (see
   * {@link reach}).
   *
   * One statement, and a second only when a batch asks for a signature and someone it found is
   * a delegate in a delegation whose window holds now (`lendsAt`): most decisions are made with
   * no delegation in force, and the lending's own statement, with its delegators' seats and
   * agencies, cost PostgreSQL about as much to plan as all the rest (docs/benchmarks.md,
   * `bench:decisions`, sessions 13 and 14).
   */
  private async recipients(
    manager: EntityManager,
    batches: NotificationBatch[],
  ): Promise<Candidate[]> {
    const all = (pick: (to: RecipientQuery) => string[] | undefined, of = batches) => [
      ...new Set(of.flatMap((b) => pick(b.to) ?? [])),
    ];
    const groupOf = (seat: string) => seat.slice(0, seat.lastIndexOf('/'));
    const groups = [...all((to) => to.coChairsOf), ...all((to) => to.coChairSeats?.map(groupOf))];
    // Only a batch asking for a decision reaches delegates, for the signatures it names.
    const asking = batches.filter((b) => DELEGATE_NOTICE_KINDS.has(b.kind));
    const askedAgencies = all((to) => to.approversOf, asking);
    const askedGroups = all((to) => to.coChairSeats?.map(groupOf), asking);
    // The instant the delegations are read at: the one `activeFor` reads for the inbox and for
    // decisions (the injected clock), so a delegate is told what they may sign.
    const now = this.clock.now();
    const found = (await manager.query(
      prepared(`WITH delegates AS (SELECT d.delegate_id FROM delegations d WHERE $6 AND ${lendsAt('$7')})
       SELECT u.id, u.name, u.email, u.locale, u.time_zone, a.code AS agency_code,
              'approver' = ANY(u.roles) AS approver, 'admin' = ANY(u.roles) AS admin,
              ARRAY(SELECT g.code || '/mx' FROM technical_groups g WHERE g.co_chair_mx_id = u.id
                    UNION ALL
                    SELECT g.code || '/us' FROM technical_groups g WHERE g.co_chair_us_id = u.id)
                AS seats,
              ARRAY(SELECT DISTINCT n.calendar_uid FROM notifications n
                     WHERE n.user_id = u.id AND n.calendar_uid = ANY($5::text[])
                       AND n.type <> 'deadline_withdrawn') AS calendars,
              u.id IN (SELECT delegate_id FROM delegates) AS delegate
         FROM users u LEFT JOIN agencies a ON a.id = u.agency_id
        WHERE u.active AND (
              u.id = ANY($1::uuid[])
           OR ('approver' = ANY(u.roles) AND a.code = ANY($2::text[]))
           OR u.id IN (SELECT co_chair_mx_id FROM technical_groups WHERE code = ANY($3::text[])
                       UNION
                       SELECT co_chair_us_id FROM technical_groups WHERE code = ANY($3::text[]))
           OR ($4 AND 'admin' = ANY(u.roles))
           OR u.id IN (SELECT user_id FROM notifications
                        WHERE calendar_uid = ANY($5::text[]) AND type <> 'deadline_withdrawn')
           OR u.id IN (SELECT delegate_id FROM delegates))
        ORDER BY u.id`),
      [
        all((to) => to.userIds),
        all((to) => to.approversOf),
        [...new Set(groups)],
        batches.some((b) => b.to.admins),
        all((to) => to.calendarHolders),
        askedAgencies.length + askedGroups.length > 0,
        now,
      ],
    )) as (Omit<Candidate, 'lent'> & { delegate: boolean })[];
    const delegates = found.filter((user) => user.delegate).map((user) => user.id);
    const lending =
      delegates.length === 0
        ? []
        : ((await manager.query(
            `${delegationsInForce(
              '$1',
              `d.delegate_id = ANY($2::uuid[]) AND (
                 ('approver' = ANY(u.roles) AND a.code = ANY($3::text[]))
                 OR u.id IN (SELECT co_chair_mx_id FROM technical_groups WHERE code = ANY($4::text[])
                             UNION
                             SELECT co_chair_us_id FROM technical_groups WHERE code = ANY($4::text[])))`,
            )} ORDER BY d.starts_at, d.id`,
            [now, delegates, askedAgencies, askedGroups],
          )) as DelegationInForceRow[]);
    return found.map(({ delegate: _delegate, ...user }) => ({
      ...user,
      lent: lending.filter((row) => row.delegate_id === user.id),
    }));
  }
}

/**
 * Whether, and how, a batch reaches this user: `'own'` when its query names them (an approver
 * of a named agency, a co-chair, one of its `userIds`…); otherwise, for a batch of
 * `DELEGATE_NOTICE_KINDS`, `{ inPlaceOf, until }` with the delegators (by name, oldest
 * delegation first) whose named signature (`approversOf`, `coChairSeats`) a delegation in force
 * lends them and, when those are of one delegator, when the last of them ends (they are all in
 * force, so the delegate may sign until then); otherwise null. A delegate who signs in their
 * own right is told in their own right: once (the dedup key is per person), worded as theirs.
 * `exceptUserIds` wins over both.
 */
function reach(
  user: Candidate,
  batch: NotificationBatch,
): 'own' | { inPlaceOf: string[]; until: Date | null } | null {
  const to = batch.to;
  if (to.exceptUserIds?.includes(user.id)) return null;
  if (isRecipient(user, to)) return 'own';
  if (!DELEGATE_NOTICE_KINDS.has(batch.kind)) return null;
  const lending = user.lent.filter((row) =>
    lentBy(row).some((capacity) => {
      const assignee = parseAssigneeId(capacity.assignee);
      if (!assignee) return false;
      return 'agency' in assignee
        ? (to.approversOf?.includes(assignee.agency) ?? false)
        : (to.coChairSeats?.includes(`${assignee.technicalGroup}/${capacity.seat}`) ?? false);
    }),
  );
  if (lending.length === 0) return null;
  const oneDelegator = new Set(lending.map((row) => row.id)).size === 1;
  const ends = lending.map((row) => new Date(row.ends_at).getTime());
  return {
    inPlaceOf: [...new Set(lending.map((row) => row.name))],
    until: oneDelegator ? new Date(Math.max(...ends)) : null,
  };
}

/** Whether a batch's recipient query names this user. */
function isRecipient(user: Candidate, to: RecipientQuery): boolean {
  if (to.exceptUserIds?.includes(user.id)) return false;
  return (
    (to.userIds?.includes(user.id) ?? false) ||
    (user.approver &&
      user.agency_code !== null &&
      (to.approversOf?.includes(user.agency_code) ?? false)) ||
    (to.admins === true && user.admin) ||
    (to.calendarHolders?.some((uid) => user.calendars.includes(uid)) ?? false) ||
    user.seats.some(
      (seat) =>
        (to.coChairSeats?.includes(seat) ?? false) ||
        (to.coChairsOf?.includes(seat.slice(0, seat.lastIndexOf('/'))) ?? false),
    )
  );
}
