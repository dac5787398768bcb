import type { Seat } from '@puentes/workflow-engine';
import type { EntityManager } from 'typeorm';

/** An assignee the user may sign for, and in which seat. */
export interface SigningCapacity {
  assignee: string;
  seat: Seat;
}

/**
 * Whom a user signs for: their agency if they are one of its approvers, and every technical
 * group they co-chair (as its MX or US co-chair).
 */
export async function signingCapacities(
  manager: EntityManager,
  userId: string,
): Promise<SigningCapacity[]> {
  return (await manager.query(
    `SELECT 'agency:' || a.code AS assignee, 'agency' AS seat
       FROM users u JOIN agencies a ON a.id = u.agency_id
      WHERE u.id = $1 AND 'approver' = ANY(u.roles)
     UNION ALL
     SELECT 'group:' || code, 'mx' FROM technical_groups WHERE co_chair_mx_id = $1
     UNION ALL
     SELECT 'group:' || code, 'us' FROM technical_groups WHERE co_chair_us_id = $1`,
    [userId],
  )) as SigningCapacity[];
}
