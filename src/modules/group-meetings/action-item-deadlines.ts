import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@app/common/clock/clock';
import type { AfterCommitJob } from '@app/common/jobs/after-commit';
import { DeadlineTimers } from '@app/modules/deadlines/deadline-timers.service';
import {
  type DueTimer,
  type FireOutcome,
  HandlesTimers,
  type TimerHandler,
} from '@app/modules/deadlines/timer-handler';
import { type TimerSchedule, timersFor } from '@app/modules/deadlines/timers';
import {
  type NotificationBatch,
  NotificationsService,
  type RecipientQuery,
} from '@app/modules/notifications/notifications.service';
import type { ActionItemNotificationKind } from '@app/modules/notifications/templates/notification-kinds';
import type { ActionItemNotificationInput } from '@app/modules/notifications/templates/render-action-item-notification';
import { recordGroupEvent } from '@app/modules/technical-groups/group-events';
import type { ActionItem } from './entities/action-item.entity';

/** What happened to an action item's deadline. */
export type ActionItemChange = 'created' | 'rescheduled' | 'closed' | 'reopened' | 'edited';

/**
 * An action item's timers, counted from its due time (18:00 local on its due date) in the owner
 * agency's zone: reminders three days ahead, to plan, and the day before; the overdue notice to
 * the owner and the co-chairs as soon as it is still open at its due time.
 */
export const ACTION_ITEM_TIMERS: TimerSchedule = {
  reminders: [{ before: 'P3D' }, { before: 'P1D' }],
  escalations: [{ after: 'PT0S', notify: ['agency', 'group_chairs'] }],
};

/** What an action item's notices name, and who owes it. */
interface ItemContext {
  id: string;
  status: string;
  due_at: Date;
  title_en: string;
  title_es: string;
  owner_code: string;
  owner_time_zone: string;
  group_id: string;
  group_code: string;
  group_name_en: string;
  group_name_es: string;
  meeting_title_en: string;
  meeting_title_es: string;
  /** The group's members and co-chairs who belong to the owner agency. */
  owner_people: string[];
}

/**
 * An action item's deadline, on the one deadline machinery the workflow steps use: its
 * reminders and its overdue notice are `deadline_timers` rows written in the transaction that
 * created or changed the item, fired by the deadline processor and re-queued by its sweeper.
 * Every change to an item reaches `changed`, which replaces the pending timers of the old
 * schedule; firing re-reads the item under its lock, so a closed item is never chased.
 */
@HandlesTimers('action_item')
@Injectable()
export class ActionItemDeadlines implements TimerHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timers: DeadlineTimers,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  /**
   * In the transaction that changed the item: records each change in the group's history,
   * cancels the timers of the old schedule, writes the new one (an open item with a new or
   * first due time, or reopened) and tells the owner: of a new item, or one now theirs
   * (`action_item_assigned`); of an item of theirs whose due time moved, with the earlier one
   * and, when its meeting moved in this transaction, the meeting's new start
   * (`action_item_due_changed`). Returns the jobs to queue after commit.
   */
  async changed(
    manager: EntityManager,
    item: ActionItem,
    changes: ActionItemChange[],
    actorId: string,
    now = this.clock.now(),
  ): Promise<AfterCommitJob[]> {
    // The item as its history last recorded it, read before this change is recorded.
    const before = changes.includes('rescheduled') ? await this.lastRecorded(manager, item) : null;
    for (const change of changes) {
      await recordGroupEvent(
        manager,
        item.groupId,
        change === 'created' ? 'action_item_created' : 'action_item_updated',
        actorId,
        {
          actionItemId: item.id,
          meetingId: item.meetingId,
          change,
          ownerAgencyId: item.ownerAgencyId,
          status: item.status,
          dueAt: item.dueAt.toISOString(),
        },
      );
    }
    if (changes.every((change) => change === 'edited')) return [];
    await this.timers.cancel(manager, [{ kind: 'action_item', actionItemId: item.id }]);
    if (item.status !== 'open') return [];

    const context = await this.context(manager, item.id);
    const jobs = await this.schedule(manager, context, now);
    const sameOwner = before !== null && before.data.ownerAgencyId === item.ownerAgencyId;
    if (changes.includes('created') || (changes.includes('rescheduled') && !sameOwner)) {
      const event = `action-item-assigned/${item.id}/${context.due_at.toISOString()}`;
      jobs.push(
        ...(await this.notifications.notify(manager, [
          this.notice(context, 'action_item_assigned', event, this.owners(context)),
        ])),
      );
    } else if (
      before !== null &&
      sameOwner &&
      new Date(before.data.dueAt).getTime() !== context.due_at.getTime()
    ) {
      // Keyed by the history row it follows: each change of the date is news, even back to a
      // date the owner was told of before.
      const event = `action-item-due-changed/${item.id}/${before.id}`;
      jobs.push(
        ...(await this.notifications.notify(manager, [
          this.notice(context, 'action_item_due_changed', event, this.owners(context), {
            previousDueAt: new Date(before.data.dueAt),
            meetingMovedTo: await this.meetingMovedTo(manager, item, before.id),
          }),
        ])),
      );
    }
    return jobs;
  }

  /** The item's last recorded change (created or updated): its owner and due time then. */
  private async lastRecorded(
    manager: EntityManager,
    item: ActionItem,
  ): Promise<{ id: string; data: { ownerAgencyId: string; dueAt: string } } | null> {
    const [row] = (await manager.query(
      `SELECT id, data FROM technical_group_events
        WHERE group_id = $1 AND type IN ('action_item_created', 'action_item_updated')
          AND data->>'actionItemId' = $2
        ORDER BY id DESC LIMIT 1`,
      [item.groupId, item.id],
    )) as { id: string; data: { ownerAgencyId: string; dueAt: string } }[];
    return row ?? null;
  }

  /**
   * The item's meeting's new start when this transaction moved it (its `meeting_rescheduled`
   * row, stamped with the transaction's `now()`, recorded after the item's last change): the
   * reason the due time moved. Null for any other change of the date.
   */
  private async meetingMovedTo(
    manager: EntityManager,
    item: ActionItem,
    after: string,
  ): Promise<Date | null> {
    const [row] = (await manager.query(
      `SELECT data->>'startsAt' AS "startsAt" FROM technical_group_events
        WHERE group_id = $1 AND type = 'meeting_rescheduled' AND data->>'meetingId' = $2
          AND id > $3 AND at = now()
        ORDER BY id DESC LIMIT 1`,
      [item.groupId, item.meetingId, after],
    )) as { startsAt: string }[];
    return row ? new Date(row.startsAt) : null;
  }

  /** Fires a reminder or the overdue notice of an item still open. */
  async fire(timer: DueTimer, now: Date): Promise<FireOutcome> {
    if (timer.subject.kind !== 'action_item') throw new Error(`not an action item's: ${timer.id}`);
    const itemId = timer.subject.actionItemId;
    return this.dataSource.transaction(async (manager) => {
      // The item's lock, the one its updates take: a close committed first is seen here.
      await manager.query('SELECT id FROM action_items WHERE id = $1 FOR UPDATE', [itemId]);
      const row = (await this.timers.find(manager, timer.id))!;
      if (row.status !== 'pending')
        return { outcome: 'skipped', reason: `already ${row.status}`, queued: [] };
      const context = await this.context(manager, itemId);
      if (context.status !== 'open') {
        await this.timers.settle(manager, { fired: [], cancelled: [timer.id] }, now);
        return { outcome: 'skipped', reason: `the action item is ${context.status}`, queued: [] };
      }
      await this.timers.settle(manager, { fired: [timer.id], cancelled: [] }, now);
      const overdue = row.kind === 'escalation';
      await recordGroupEvent(
        manager,
        context.group_id,
        overdue ? 'action_item_overdue' : 'action_item_reminder_sent',
        null,
        { actionItemId: context.id, dueAt: context.due_at.toISOString() },
      );
      const owners = this.owners(context);
      // The owner is always told; the co-chairs when the schedule says so (the overdue notice).
      const to = row.notify.includes('group_chairs')
        ? { ...owners, coChairsOf: [context.group_code] }
        : owners;
      const jobs = await this.notifications.notify(manager, [
        this.notice(
          context,
          overdue ? 'action_item_overdue' : 'action_item_reminder',
          `${row.kind}/${timer.id}`,
          to,
        ),
      ]);
      return { outcome: 'fired', queued: jobs };
    });
  }

  /** The reminders still ahead and the overdue notice, as a new round of timers. */
  private async schedule(
    manager: EntityManager,
    context: ItemContext,
    now: Date,
  ): Promise<AfterCommitJob[]> {
    const planned = timersFor(ACTION_ITEM_TIMERS, context.due_at, context.owner_time_zone)
      // A reminder already past would only be noise; the overdue notice always stands.
      .filter((t) => t.kind === 'escalation' || t.fireAt > now);
    return this.timers.schedule(manager, [
      { subject: { kind: 'action_item', actionItemId: context.id }, timers: planned },
    ]);
  }

  private async context(manager: EntityManager, itemId: string): Promise<ItemContext> {
    const [context] = (await manager.query(
      `SELECT i.id, i.status, i.due_at, i.title_en, i.title_es,
              a.code AS owner_code, a.time_zone AS owner_time_zone,
              g.id AS group_id, g.code AS group_code, g.name_en AS group_name_en,
              g.name_es AS group_name_es,
              m.title_en AS meeting_title_en, m.title_es AS meeting_title_es,
              ARRAY(SELECT u.id FROM users u
                     WHERE u.agency_id = a.id AND u.active
                       AND (u.id IN (g.co_chair_mx_id, g.co_chair_us_id)
                            OR u.id IN (SELECT user_id FROM technical_group_members
                                         WHERE group_id = g.id AND role = 'member'))) AS owner_people
         FROM action_items i
         JOIN agencies a ON a.id = i.owner_agency_id
         JOIN technical_groups g ON g.id = i.group_id
         JOIN meetings m ON m.id = i.meeting_id
        WHERE i.id = $1`,
      [itemId],
    )) as ItemContext[];
    return context;
  }

  /**
   * Who owes the item: the owner agency's people in the group (members and co-chairs); when it
   * has none there, the agency's approvers, so an item never goes unseen.
   */
  private owners(context: ItemContext): RecipientQuery {
    return context.owner_people.length > 0
      ? { userIds: context.owner_people }
      : { approversOf: [context.owner_code] };
  }

  private notice(
    context: ItemContext,
    kind: ActionItemNotificationKind,
    event: string,
    to: RecipientQuery,
    dueChange?: ActionItemNotificationInput['dueChange'],
  ): NotificationBatch {
    return {
      kind,
      to,
      event,
      context: {
        group: {
          code: context.group_code,
          name: { en: context.group_name_en, es: context.group_name_es },
        },
        actionItem: {
          id: context.id,
          title: { en: context.title_en, es: context.title_es },
          ownerAgency: context.owner_code,
          dueAt: context.due_at,
          meetingTitle: { en: context.meeting_title_en, es: context.meeting_title_es },
        },
        ...(dueChange ? { dueChange } : {}),
      },
    };
  }
}
