import { type SigningCapacity, signingCapacities } from '@app/modules/approvals/signing';
import {
  type Actor,
  ACTOR_SELECT,
  actorOf,
  type ActorRow,
} from '@app/modules/identity/auth/auth-user';
import type { Role } from '@app/modules/identity/roles';

/**
 * Which of the delegator's own capacities a delegate may exercise: the agency's signature when
 * the delegate belongs to the same agency; a co-chair seat when the delegate belongs to an
 * agency of the seat's country (api.md, "Delegations — suplencia"). Only the delegator's own
 * capacities (`signingCapacities`) count, never what was delegated to them: not transitive.
 * Pure.
 *
 * @example
 * coveredCapacities(approverOfCbp, { agencyId: cbpId, country: 'US' });
 * // [{ assignee: 'agency:CBP', seat: 'agency' }]
 */
export function coveredCapacities(
  delegator: Actor,
  delegate: { agencyId: string | null; country: 'MX' | 'US' | null },
): SigningCapacity[] {
  return signingCapacities(delegator).filter((capacity) =>
    capacity.seat === 'agency'
      ? delegate.agencyId !== null && delegate.agencyId === delegator.agencyId
      : delegate.country !== null && delegate.country === capacity.seat.toUpperCase(),
  );
}

/**
 * What naming `delegate` would let them sign that they may not sign already: the
 * {@link coveredCapacities} less the delegator's agency signature when the delegate is an
 * approver of that agency themselves (they sign for it in their own right, and their tasks show
 * it as theirs, not "in place of" anyone). Empty: naming them changes nothing, so the form's
 * candidates (`GET /delegations/candidates`) leave them out. Pure.
 */
export function gainedCapacities(
  delegator: Actor,
  delegate: { agencyId: string | null; country: 'MX' | 'US' | null; roles: readonly Role[] },
): SigningCapacity[] {
  return coveredCapacities(delegator, delegate).filter(
    (capacity) => !(capacity.seat === 'agency' && delegate.roles.includes('approver')),
  );
}

/**
 * A row of {@link delegationsInForce}: the delegator as {@link ACTOR_SELECT} reads them (`id`,
 * `name`, `roles`, `agency_code`, `mx_groups`…), then the delegation and its delegate's agency.
 * The same keys whether read as rows or through `row_to_json` (timestamps then come as ISO text).
 */
export interface DelegationInForceRow extends ActorRow {
  delegation_id: string;
  delegate_id: string;
  legal_basis: string;
  reference: string | null;
  starts_at: Date | string;
  /** When it stops lending (exclusive): a delegate's notice says until when they may sign. */
  ends_at: Date | string;
  delegate_agency_id: string | null;
  delegate_country: 'MX' | 'US' | null;
}

/**
 * SQL (a SELECT, no ORDER BY) of the delegations in force at the instant `now` (a parameter
 * placeholder such as `$2`, bound to a `Date`): started (`starts_at <= now`), not ended
 * (`ends_at > now`: the window is [startsAt, endsAt)), not revoked by then, between an active
 * delegator and an active delegate. `where` narrows it with the aliases `d` (the delegation),
 * `u` and `a` (the delegator and their agency), `de` and `dea` (the delegate and theirs).
 *
 * The one statement of when a delegation lends anything — `DelegationsService.activeFor` (who
 * signs, the inbox) and the notifications' recipients both read it, so a delegate is told of a
 * step exactly when they may sign it. What it lends is {@link lentBy}. Scheduled, expired and
 * revoked delegations are not in it; `delegationStatus` says the same for one delegation's view.
 *
 * @example
 * manager.query(`${delegationsInForce('$2', 'd.delegate_id = $1')} ORDER BY d.starts_at`,
 *   [delegateId, now]);
 */
export function delegationsInForce(now: string, where = 'TRUE'): string {
  return `${ACTOR_SELECT}, d.id AS delegation_id, d.delegate_id, d.legal_basis, d.reference,
              d.starts_at, d.ends_at, de.agency_id AS delegate_agency_id,
              dea.country::text AS delegate_country
         FROM delegations d
         JOIN users u ON u.id = d.delegator_id AND u.active
         LEFT JOIN agencies a ON a.id = u.agency_id
         JOIN users de ON de.id = d.delegate_id AND de.active
         LEFT JOIN agencies dea ON dea.id = de.agency_id
        WHERE ${lendsAt(now)}
          AND (${where})`;
}

/**
 * SQL condition on a delegation aliased `d`: its window holds the instant `now` (a parameter
 * placeholder bound to a `Date`) — started (`starts_at <= now`), not ended (`ends_at > now`: the
 * window is [startsAt, endsAt)), not revoked by then. The people's side (both active) is
 * {@link delegationsInForce}'s; alone, this finds a superset of it, cheap to plan: the
 * notifications' recipients use it to learn whether any delegate may need their lending read.
 */
export function lendsAt(now: string): string {
  return `d.starts_at <= ${now}::timestamptz AND d.ends_at > ${now}::timestamptz
          AND (d.revoked_at IS NULL OR d.revoked_at > ${now}::timestamptz)`;
}

/**
 * What a delegation in force lends its delegate now: the delegator's own capacities the
 * delegate may hold ({@link coveredCapacities}), read from a {@link delegationsInForce} row.
 * Empty when the delegator no longer holds anything the delegate may exercise (no longer an
 * approver, moved agency, lost the seat). Pure.
 */
export function lentBy(row: DelegationInForceRow): SigningCapacity[] {
  return coveredCapacities(actorOf(row), {
    agencyId: row.delegate_agency_id,
    country: row.delegate_country,
  });
}
