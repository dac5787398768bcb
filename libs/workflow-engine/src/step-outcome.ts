import { assigneeId, seatsOf } from './chain-definition';
import type { Assignee, Attributes, Condition, Seat, StepDefinition } from './chain-definition';
import type { StepDecision } from './workflow-state';

/**
 * Whether a step's condition holds for the attributes. A missing attribute equals nothing,
 * so `equals` and `in` fail and `notEquals` holds; values compare strictly (`'true'` is not
 * `true`).
 *
 * @example
 * matchesCondition({ attribute: 'involvesRail', equals: true }, { involvesRail: true }); // true
 * matchesCondition({ attribute: 'lanes', in: [2, 4] }, { lanes: 3 }); // false
 */
export function matchesCondition(condition: Condition, attributes: Attributes): boolean {
  const value = Object.prototype.hasOwnProperty.call(attributes, condition.attribute)
    ? attributes[condition.attribute]
    : undefined;
  if ('equals' in condition) return value === condition.equals;
  if ('notEquals' in condition) return value !== condition.notEquals;
  if ('in' in condition) return (condition.in ?? []).some((candidate) => candidate === value);
  return true;
}

/** Where one assignee stands in a round: `open` until its seats settle it. */
export type AssigneeOutcome = 'open' | 'approved' | 'rejected' | 'changes_requested';

/**
 * An agency's outcome is its one signature. A technical group approves only when both
 * co-chairs approve; either co-chair rejecting or requesting changes settles it at once.
 *
 * @example
 * assigneeOutcome({ technicalGroup: 'SON-AZ' }, decisions); // 'open' after one approval
 */
export function assigneeOutcome(assignee: Assignee, decisions: StepDecision[]): AssigneeOutcome {
  const id = assigneeId(assignee);
  const signed = decisions.filter((decision) => decision.assignee === id);
  if (signed.some((decision) => decision.decision === 'request_changes'))
    return 'changes_requested';
  if (signed.some((decision) => decision.decision === 'reject')) return 'rejected';
  const approvedSeats = new Set(
    signed.filter((decision) => decision.decision === 'approve').map((decision) => decision.seat),
  );
  return seatsOf(assignee).every((seat) => approvedSeats.has(seat)) ? 'approved' : 'open';
}

/** Where a step stands in its current round. */
export type StepOutcome = 'open' | 'approved' | 'rejected' | 'changes_requested';

/**
 * Applies the step's rule to its decisions: approved once enough assignees approve, rejected
 * as soon as the rule can no longer be met, `changes_requested` as soon as any assignee asks.
 *
 * @example
 * stepOutcome({ ...step, rule: { quorum: 2 } }, decisions); // 'approved' after 2 approvals
 */
export function stepOutcome(step: StepDefinition, decisions: StepDecision[]): StepOutcome {
  const outcomes = step.assignees.map((assignee) => assigneeOutcome(assignee, decisions));
  if (outcomes.includes('changes_requested')) return 'changes_requested';
  const needed = requiredApprovals(step);
  const approvals = outcomes.filter((outcome) => outcome === 'approved').length;
  const rejections = outcomes.filter((outcome) => outcome === 'rejected').length;
  if (approvals >= needed) return 'approved';
  if (rejections > step.assignees.length - needed) return 'rejected';
  return 'open';
}

function requiredApprovals(step: StepDefinition): number {
  const rule = step.rule ?? 'all';
  if (rule === 'all') return step.assignees.length;
  if (rule === 'any') return 1;
  return rule.quorum;
}

/** A seat that may still sign in a step's current round. */
export interface OpenSeat {
  assignee: string;
  seat: Seat;
}

/**
 * The seats that may still sign a step's round: those that have not signed, of assignees not
 * yet settled (a group whose MX co-chair rejected has decided; its US co-chair is not asked).
 * Callers check that the step is active; this only reads the decisions.
 *
 * @example
 * openSeatsOf(step, []); // [{ assignee: 'agency:CBP', seat: 'agency' }, ...]
 */
export function openSeatsOf(step: StepDefinition, decisions: StepDecision[]): OpenSeat[] {
  return step.assignees.flatMap((assignee) => {
    if (assigneeOutcome(assignee, decisions) !== 'open') return [];
    const id = assigneeId(assignee);
    return seatsOf(assignee)
      .filter(
        (seat) => !decisions.some((decision) => decision.assignee === id && decision.seat === seat),
      )
      .map((seat) => ({ assignee: id, seat }));
  });
}
