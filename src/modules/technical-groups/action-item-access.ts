import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { canManage, canRead, type GroupStanding } from './group-access';

/**
 * What a caller may do with one action item: change anything (`manage`), change its status
 * (`status`), only read it (`read`), or not even know it exists (`none`, answered 404).
 */
export type ActionItemRight = 'manage' | 'status' | 'read' | 'none';

/** The caller as the rule needs them: their agency and roles. */
export type ActionItemCaller = Pick<AuthUser, 'agencyId' | 'roles'>;

/**
 * Whether the caller answers for `agencyId`, the agency that owns an item: a member of the
 * group from that agency, or an approver of that agency whatever their place in the group (an
 * observer, or nobody). The approvers are who sign for the agency, and who the item's notices
 * reach when it has nobody in the group ("please mark it done in Puentes"), so they must be
 * able to; a viewer of the agency who only observes the group does not act for it.
 */
export function actsForAgency(
  standing: GroupStanding,
  caller: ActionItemCaller,
  agencyId: string,
): boolean {
  return (
    caller.agencyId === agencyId &&
    (standing.role === 'member' || caller.roles.includes('approver'))
  );
}

/**
 * The action items' one permission rule, which the list, the item, its update, the minutes'
 * list of items and the `canUpdate` flag the web app shows its control by all read: co-chairs
 * and admins manage; whoever acts for the owner agency ({@link actsForAgency}) changes the
 * status — even from outside the group, the one thing of the group they then see; everyone
 * else who reads the group's meetings reads.
 */
export function actionItemRight(
  standing: GroupStanding,
  caller: ActionItemCaller,
  item: { ownerAgencyId: string },
): ActionItemRight {
  if (canManage(standing)) return 'manage';
  if (actsForAgency(standing, caller, item.ownerAgencyId)) return 'status';
  return canRead(standing) ? 'read' : 'none';
}

/** Whether a right lets the caller change the item's status (what `canUpdate` says). */
export const mayChangeStatus = (right: ActionItemRight) => right === 'manage' || right === 'status';

/**
 * Which of a group's items a caller may list: all of them (`'all'`) for those who read the
 * group's meetings; for an approver outside the group, only their own agency's (its id), the
 * items they act on; for anyone else, none (`null`, answered 404).
 */
export function actionItemScope(
  standing: GroupStanding,
  caller: ActionItemCaller,
): 'all' | { agencyId: string } | null {
  if (canRead(standing)) return 'all';
  // An agency that neither takes part in the group nor owes it an item has none to see: no
  // page of items that can never fill.
  if (standing.agencyMayOwe && caller.agencyId && caller.roles.includes('approver'))
    return { agencyId: caller.agencyId };
  return null;
}
