import {
  assigneeId,
  type ChainDefinition,
  parseAssigneeId,
  type Seat,
  seatsOf,
  withReassignments,
  type WorkflowState,
} from '@puentes/workflow-engine';
import type { EntityManager } from 'typeorm';
import { prepared } from '@app/database/prepared-statement';

/** The statuses of a step whose assignees still have (or will have) to sign. */
export const OPEN_STEP_STATUSES: readonly string[] = ['pending', 'active', 'changes_requested'];

/**
 * The assignee ids of a workflow's open steps (see `OPEN_STEP_STATUSES`) as the workflow runs
 * them, after any reassignment: whose staffing its view and notices need.
 */
export function openAssignees(workflow: {
  definition: ChainDefinition;
  state: WorkflowState;
}): string[] {
  const definition = withReassignments(workflow.definition, workflow.state);
  return workflow.state.steps.flatMap((step, index) =>
    OPEN_STEP_STATUSES.includes(step.status)
      ? definition.steps[index].assignees.map(assigneeId)
      : [],
  );
}

/** Who can sign for one assignee now. */
export interface AssigneeStaffing {
  /** How many active people can sign for it now (an agency's approvers; a group's co-chairs). */
  signers: number;
  /** Its seats nobody can sign in now: `['agency']`, or a group's `'mx'` / `'us'` seat. */
  emptySeats: Seat[];
}

/** Staffing by assignee id (`agency:CBP`, `group:SON-AZ`). */
export type Staffing = Map<string, AssigneeStaffing>;

/**
 * Who can sign for each assignee now — the one place that says it, for the workflow view's
 * `signers`, the `step_unstaffed` notice, the publish `warnings` and the `step_assigned`
 * notices sent when someone starts being able to sign. An agency is staffed by its active
 * users with the `approver` role; a technical group by its two co-chairs (each active), and it
 * is unstaffed when either seat is empty. Delegations change none of it: one in force needs
 * its delegator active in the signature it lends (`delegations-in-force.ts`), so an assignee
 * with nobody to sign has no delegate either; who a delegate signs for is
 * `DelegationsService.capacitiesOf`.
 *
 * Unknown ids and codes count as nobody. One query, whatever the number of assignees.
 *
 * @example
 * await staffingOf(manager, ['agency:CBP', 'group:BC-CA']);
 * // Map { 'agency:CBP' => { signers: 2, emptySeats: [] },
 * //       'group:BC-CA' => { signers: 1, emptySeats: ['us'] } }
 */
export async function staffingOf(manager: EntityManager, assigneeIds: string[]): Promise<Staffing> {
  const ids = [...new Set(assigneeIds)];
  const agencies: string[] = [];
  const groups: string[] = [];
  for (const id of ids) {
    const assignee = parseAssigneeId(id);
    if (assignee && 'agency' in assignee) agencies.push(assignee.agency);
    else if (assignee) groups.push(assignee.technicalGroup);
  }
  const rows =
    ids.length === 0
      ? []
      : ((await manager.query(
          prepared(`SELECT 'agency:' || a.code AS assignee, 'agency' AS seat, count(u.id)::int AS signers
             FROM agencies a
             LEFT JOIN users u ON u.agency_id = a.id AND u.active AND 'approver' = ANY(u.roles)
            WHERE a.code = ANY($1::text[])
            GROUP BY a.code
           UNION ALL
           SELECT 'group:' || g.code, seat.seat, count(u.id)::int
             FROM technical_groups g
            CROSS JOIN (VALUES ('mx'), ('us')) AS seat(seat)
             LEFT JOIN users u
                    ON u.id = CASE seat.seat WHEN 'mx' THEN g.co_chair_mx_id ELSE g.co_chair_us_id END
                   AND u.active
            WHERE g.code = ANY($2::text[])
            GROUP BY g.code, seat.seat`),
          [agencies, groups],
        )) as { assignee: string; seat: Seat; signers: number }[]);
  const staffing: Staffing = new Map();
  for (const id of ids) {
    const assignee = parseAssigneeId(id);
    const seats = assignee ? seatsOf(assignee) : [];
    const counts = seats.map(
      (seat) => rows.find((r) => r.assignee === id && r.seat === seat)?.signers ?? 0,
    );
    staffing.set(id, {
      signers: counts.reduce((sum, n) => sum + n, 0),
      emptySeats: seats.filter((_, index) => counts[index] === 0),
    });
  }
  return staffing;
}

/** Whether nobody can sign for (a seat of) the assignee now. */
export const isUnstaffed = (staffing: AssigneeStaffing | undefined): boolean =>
  !staffing || staffing.emptySeats.length > 0;

/**
 * The signature slots (see `slotOf`) each of these users can sign in now, as `signingCapacities`
 * gives them for a signed-in user: their agency's, if they are an active approver of one, and
 * the co-chair seats they hold. Inactive and unknown users have none (and are left out).
 */
export async function slotsOfUsers(
  manager: EntityManager,
  userIds: string[],
): Promise<Map<string, string[]>> {
  if (userIds.length === 0) return new Map();
  const rows = (await manager.query(
    `SELECT u.id,
            ARRAY(SELECT 'agency:' || a.code || '/agency' FROM agencies a
                   WHERE a.id = u.agency_id AND 'approver' = ANY(u.roles)
                  UNION ALL
                  SELECT 'group:' || g.code || '/mx' FROM technical_groups g WHERE g.co_chair_mx_id = u.id
                  UNION ALL
                  SELECT 'group:' || g.code || '/us' FROM technical_groups g WHERE g.co_chair_us_id = u.id)
              AS slots
       FROM users u
      WHERE u.id = ANY($1::uuid[]) AND u.active`,
    [userIds],
  )) as { id: string; slots: string[] }[];
  return new Map(rows.filter((r) => r.slots.length > 0).map((r) => [r.id, r.slots]));
}
