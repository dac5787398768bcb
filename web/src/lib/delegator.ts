/**
 * What signatures of their own a person can delegate, which decides who may be their substitute
 * and how the delegation form speaks to them: an approver's signs for their agency (a substitute
 * of that agency); a co-chair's for their group's seat (a substitute of an agency of the seat's
 * country); `both`; or `other`, nothing of their own to delegate (they may still receive one).
 */
export type DelegatorKind = 'approver' | 'chair' | 'both' | 'other';

/** A technical group's two seats, as far as who holds them. */
interface Seats {
  coChairs: { mx: { userId?: string | null }; us: { userId?: string | null } };
}

/**
 * Returns the kind of delegator a person is (see {@link DelegatorKind}): by their roles, and by
 * whether they hold a co-chair seat of any of the groups (a seat is not a role: it is named on
 * the group). Pure.
 *
 * @example
 * delegatorKind({ id: 'u1', roles: ['approver'] }, []); // 'approver'
 */
export function delegatorKind(
  user: { id: string; roles: readonly string[] },
  groups: Iterable<Seats>,
): DelegatorKind {
  const chair = [...groups].some(
    (g) => g.coChairs.mx.userId === user.id || g.coChairs.us.userId === user.id,
  );
  const approver = user.roles.includes('approver');
  return approver && chair ? 'both' : chair ? 'chair' : approver ? 'approver' : 'other';
}
