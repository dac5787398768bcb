import { assigneeId } from './chain-definition';
import type { ChainDefinition } from './chain-definition';
import { WorkflowEngineError } from './errors';
import type { WorkflowEvent } from './workflow-events';
import type { StepState, StepStatus, WorkflowState } from './workflow-state';

/**
 * The reducer: the one place where workflow state changes. Commands only emit events, and
 * their new state is always `events.reduce(applyEvent, oldState)`, so replaying a stored
 * history rebuilds the same state. Returns a new state and never mutates its input.
 *
 * An event that does not fit the state (a decision for a step that is not active, a round
 * out of sequence, anything but `document_attached` after the workflow ended, a step the
 * chain does not have) throws `EVENT_INVALID`: the history
 * is corrupt or belongs to another chain version.
 *
 * @example
 * const state = events.reduce<WorkflowState | null>(
 *   (current, event) => applyEvent(definition, current, event),
 *   null,
 * );
 */
export function applyEvent(
  definition: ChainDefinition,
  state: WorkflowState | null,
  event: WorkflowEvent,
): WorkflowState {
  if (event.type === 'workflow_started') {
    if (state !== null) throw invalid(event, 'the workflow has already started');
    return {
      status: 'active',
      attributes: { ...event.data.attributes },
      ...(event.data.projectGroup ? { projectGroup: event.data.projectGroup } : {}),
      startedAt: event.at,
      completedAt: null,
      steps: definition.steps.map((step) => ({
        key: step.key,
        status: 'pending',
        round: 0,
        activatedAt: null,
        dueAt: null,
        finishedAt: null,
        escalationLevel: 0,
        decisions: [],
      })),
    };
  }
  if (state === null) throw invalid(event, 'the workflow has not started');
  if (event.type === 'document_attached') {
    // A record for the history, whatever the workflow's status; the step must exist.
    findStep(state, event, event.data.stepKey);
    return state;
  }
  // A remark for the record changes nothing, and may come after the workflow ended.
  if (event.type === 'comment_added') {
    if (event.data.stepKey !== null) findStep(state, event, event.data.stepKey);
    return state;
  }
  if (state.status !== 'active') throw invalid(event, `the workflow is ${state.status}`);

  switch (event.type) {
    case 'step_activated': {
      const { stepKey, round, dueAt } = event.data;
      // From `changes_requested` when a resubmission opens the next round.
      return updateStep(state, event, stepKey, ['pending', 'changes_requested'], (step) => {
        if (round !== step.round + 1) throw invalid(event, `round ${round} follows ${step.round}`);
        return {
          ...step,
          status: 'active',
          round,
          activatedAt: event.at,
          dueAt,
          finishedAt: null,
          escalationLevel: 0,
          decisions: [],
        };
      });
    }
    case 'step_skipped':
      return updateStep(state, event, event.data.stepKey, ['pending'], (step) => ({
        ...step,
        status: 'skipped',
        finishedAt: event.at,
      }));
    case 'decision_recorded': {
      const { stepKey, round, assignee, seat, decision, comment } = event.data;
      return updateStep(state, event, stepKey, ['active'], (step) => {
        checkRound(event, step, round);
        const decisions = [
          ...step.decisions,
          { assignee, seat, decision, comment, actorId: event.actorId, at: event.at },
        ];
        return { ...step, decisions };
      });
    }
    case 'step_approved':
    case 'step_rejected': {
      const status = event.type === 'step_approved' ? 'approved' : 'rejected';
      return updateStep(state, event, event.data.stepKey, ['active'], (step) => {
        checkRound(event, step, event.data.round);
        return { ...step, status, finishedAt: event.at };
      });
    }
    case 'changes_requested':
      return updateStep(state, event, event.data.stepKey, ['active'], (step) => {
        checkRound(event, step, event.data.round);
        return { ...step, status: 'changes_requested' };
      });
    case 'step_resubmitted':
      // A marker for the history: the `step_activated` that follows opens the new round.
      return updateStep(state, event, event.data.stepKey, ['changes_requested'], (step) => {
        checkRound(event, step, event.data.round);
        return step;
      });
    case 'workflow_returned': {
      const reset = new Set(event.data.resetSteps);
      for (const key of reset) findStep(state, event, key);
      return {
        ...state,
        steps: state.steps.map((step) =>
          reset.has(step.key)
            ? {
                ...step,
                status: 'pending',
                activatedAt: null,
                dueAt: null,
                finishedAt: null,
                decisions: [],
              }
            : step,
        ),
      };
    }
    case 'reminder_sent':
      return updateStep(state, event, event.data.stepKey, ['active'], (step) => {
        checkRound(event, step, event.data.round);
        return step;
      });
    case 'escalated':
      return updateStep(state, event, event.data.stepKey, ['active'], (step) => {
        checkRound(event, step, event.data.round);
        return { ...step, escalationLevel: event.data.escalationLevel };
      });
    case 'step_cancelled':
      return updateStep(
        state,
        event,
        event.data.stepKey,
        ['pending', 'active', 'changes_requested'],
        (step) => {
          checkRound(event, step, event.data.round);
          return { ...step, status: 'cancelled', finishedAt: event.at };
        },
      );
    case 'assignee_reassigned': {
      const { stepKey, round, from, to } = event.data;
      const chainStep = definition.steps.find((step) => step.key === stepKey);
      return updateStep(state, event, stepKey, ['pending', 'active'], (step) => {
        checkRound(event, step, round);
        const ids = step.assignees ?? chainStep!.assignees.map(assigneeId);
        if (!ids.includes(from)) throw invalid(event, `${from} is not an assignee`);
        if (ids.includes(to)) throw invalid(event, `${to} is already an assignee`);
        if (step.decisions.some((decision) => decision.assignee === from)) {
          throw invalid(event, `${from} has signed in round ${round}`);
        }
        return { ...step, assignees: ids.map((id) => (id === from ? to : id)) };
      });
    }
    case 'workflow_approved': {
      const unfinished = state.steps.find(
        (step) => step.status !== 'approved' && step.status !== 'skipped',
      );
      if (unfinished) throw invalid(event, `step '${unfinished.key}' is ${unfinished.status}`);
      return { ...state, status: 'approved', completedAt: event.at };
    }
    case 'workflow_rejected':
      return { ...state, status: 'rejected', completedAt: event.at };
    case 'workflow_cancelled':
      return { ...state, status: 'cancelled', completedAt: event.at };
    default:
      throw invalid(event as WorkflowEvent, 'unknown event type');
  }
}

/**
 * Rebuilds a workflow's state from its whole history (which starts with `workflow_started`).
 *
 * @example
 * expect(replay(definition, storedEvents)).toEqual(storedState);
 */
export function replay(
  definition: ChainDefinition,
  events: readonly WorkflowEvent[],
): WorkflowState {
  const state = events.reduce<WorkflowState | null>(
    (current, event) => applyEvent(definition, current, event),
    null,
  );
  if (state === null) {
    throw new WorkflowEngineError('EVENT_INVALID', 'A history needs at least workflow_started');
  }
  return state;
}

function updateStep(
  state: WorkflowState,
  event: WorkflowEvent,
  stepKey: string,
  from: StepStatus[],
  change: (step: StepState) => StepState,
): WorkflowState {
  const current = findStep(state, event, stepKey);
  if (!from.includes(current.status)) {
    throw invalid(event, `step '${stepKey}' is ${current.status}`);
  }
  const next = change(current);
  return { ...state, steps: state.steps.map((step) => (step.key === stepKey ? next : step)) };
}

function findStep(state: WorkflowState, event: WorkflowEvent, stepKey: string): StepState {
  const step = state.steps.find((candidate) => candidate.key === stepKey);
  if (!step) throw invalid(event, `there is no step '${stepKey}'`);
  return step;
}

function checkRound(event: WorkflowEvent, step: StepState, round: number): void {
  if (round !== step.round) {
    throw invalid(event, `step '${step.key}' is in round ${step.round}, not ${round}`);
  }
}

function invalid(event: WorkflowEvent, reason: string): WorkflowEngineError {
  return new WorkflowEngineError('EVENT_INVALID', `Cannot apply ${event.type}: ${reason}`);
}
