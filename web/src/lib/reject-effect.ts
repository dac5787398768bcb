/**
 * What a rejection would do to a workflow, worked out as the workflow engine does it
 * (`stepOutcome`, `onRejected`), so the decision panel can say it before anyone presses the
 * button. Pure: no React, no DOM.
 */
import type { Schemas } from '../api/client';

type StepView = Schemas['StepView'];
type ChainStep = Schemas['ChainStep'];

export type RejectEffect =
  /** The step is rejected and the workflow ends: `others` unfinished steps are cancelled. */
  | { kind: 'ends'; others: number }
  /** The step is rejected and the workflow goes back to the step `to` (a key), which runs again. */
  | { kind: 'returns'; to: string }
  /** The step's rule can still be met: the rejection is recorded and the step stays open. */
  | { kind: 'stays' }
  /** The chain version is not known here: the rejection may end the workflow. */
  | { kind: 'unknown' };

/** Steps a rejection that ends the workflow cancels (the engine's `cancelUnfinished`). */
const UNFINISHED: readonly StepView['status'][] = ['pending', 'active', 'changes_requested'];

/**
 * What one more rejection on `step` (by an assignee that has not decided yet) does, given the
 * step as the chain version defines it (`definition`, for its rule and `onReject`) and every
 * step of the workflow. A step is rejected as soon as its rule can no longer be met (`all`:
 * the first rejection; `any`: when every assignee rejected; `{ quorum: n }`: when fewer than
 * n approvals remain possible); then `onReject` ends the workflow (the default) or returns it
 * to an earlier step.
 *
 * @example
 * rejectEffect(step, { ...definition, rule: 'all' }, workflow.steps); // { kind: 'ends', others: 2 }
 */
export function rejectEffect(
  step: StepView,
  definition: ChainStep | undefined,
  steps: StepView[],
): RejectEffect {
  if (!definition) return { kind: 'unknown' };
  const assignees = step.assignees.length;
  const rule = definition.rule ?? 'all';
  const needed = rule === 'all' ? assignees : rule === 'any' ? 1 : rule.quorum;
  const rejections = step.assignees.filter((a) => a.decision === 'reject').length + 1;
  if (rejections <= assignees - needed) return { kind: 'stays' };
  const onReject = definition.onReject ?? 'end';
  if (onReject !== 'end') return { kind: 'returns', to: onReject.returnTo };
  const others = steps.filter((s) => s.key !== step.key && UNFINISHED.includes(s.status)).length;
  return { kind: 'ends', others };
}
