/**
 * The longest a delegation (suplencia) may last, as the service checks it
 * (`MAX_DELEGATION_DAYS` in src/modules/delegations/dto/delegation.dto.ts).
 */
export const MAX_DELEGATION_DAYS = 180;

const DAY_MS = 86_400_000;

/**
 * What is wrong with a delegation's end, by the service's rules, one at a time: none given
 * (`missing`); not after the start (`notAfterStart`); more than {@link MAX_DELEGATION_DAYS}
 * days after it (`tooLong`, with `latest`, the last end allowed); already passed (`past`).
 */
export type DelegationEndProblem =
  | { rule: 'missing' }
  | { rule: 'notAfterStart' }
  | { rule: 'tooLong'; latest: Date }
  | { rule: 'past' };

/**
 * Checks a delegation's end as the service does (DelegationsService.create): after the start,
 * at most 180 days after it, in the future. Returns the first rule broken, or null. Without a
 * start only the end's own rules (given, not passed) are checked. Pure.
 *
 * @example
 * delegationEndProblem(new Date('2027-01-01T16:00:00Z'), new Date('2027-08-01T16:00:00Z'),
 *   new Date('2026-12-01T00:00:00Z'));
 * // { rule: 'tooLong', latest: new Date('2027-06-30T16:00:00Z') }
 */
export function delegationEndProblem(
  startsAt: Date | null,
  endsAt: Date | null,
  now: Date = new Date(),
): DelegationEndProblem | null {
  if (!endsAt) return { rule: 'missing' };
  if (startsAt && endsAt.getTime() <= startsAt.getTime()) return { rule: 'notAfterStart' };
  if (startsAt && endsAt.getTime() - startsAt.getTime() > MAX_DELEGATION_DAYS * DAY_MS)
    return { rule: 'tooLong', latest: new Date(startsAt.getTime() + MAX_DELEGATION_DAYS * DAY_MS) };
  if (endsAt.getTime() <= now.getTime()) return { rule: 'past' };
  return null;
}

/**
 * Whether a revoked delegation was cancelled rather than revoked: revoked before its start (or
 * at it), it never lent anything, since it is in force over [startsAt, revokedAt). The service
 * still calls it `revoked`. Pure.
 *
 * @example
 * cancelledBeforeStart({ revokedAt: '2026-12-01T10:00:00Z', startsAt: '2026-12-02T09:00:00Z' }); // true
 */
export function cancelledBeforeStart(d: { revokedAt?: string | null; startsAt: string }): boolean {
  return !!d.revokedAt && Date.parse(d.revokedAt) <= Date.parse(d.startsAt);
}
