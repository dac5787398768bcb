import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ActionItem } from './entities/action-item.entity';
import { recordGroupEvent } from './group-events';

/** What happened to an action item's deadline. */
export type ActionItemChange = 'created' | 'rescheduled' | 'closed' | 'reopened' | 'edited';

/**
 * The one place an action item's deadline changes are handled, inside the transaction that
 * changed the item: `created` (an open item with a `due_at`), `rescheduled` (a new `due_at`
 * or owner agency), `closed` (done or cancelled), `reopened` (open again), `edited` (title
 * only). Today it writes the change to the group's history; reminders and the escalation to
 * the co-chairs are to be scheduled here from `action_items.due_at` and `status` with the
 * deadline-timer machinery, so that every path that changes an item reaches them.
 */
@Injectable()
export class ActionItemDeadlines {
  async changed(
    manager: EntityManager,
    item: ActionItem,
    change: ActionItemChange,
    actorId: string,
  ): Promise<void> {
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
}
