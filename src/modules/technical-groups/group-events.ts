import type { EntityManager } from 'typeorm';
import type { GroupEventType } from './entities/group-event.entity';

/** Appends to the group's history in the caller's transaction. */
export async function recordGroupEvent(
  manager: EntityManager,
  groupId: string,
  type: GroupEventType,
  actorId: string | null,
  data: Record<string, unknown> = {},
): Promise<void> {
  await manager.query(
    `INSERT INTO technical_group_events (group_id, type, actor_id, data) VALUES ($1, $2, $3, $4)`,
    [groupId, type, actorId, JSON.stringify(data)],
  );
}
