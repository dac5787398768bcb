import { applyEvent } from './apply-event';
import {
  assigneeId,
  parseAssigneeId,
  projectGroupAssignees,
  resolveProjectGroup,
  seatsOf,
} from './chain-definition';
import type { Attributes, ChainDefinition, Seat, StepDefinition } from './chain-definition';
import { dependencyGraph, downstreamOf } from './dependency-graph';
import type { Effect, NotificationKind, Recipient } from './effects';
import { WorkflowEngineError } from './errors';
import { matchesCondition, openSeatsOf, stepOutcome } from './step-outcome';
import type { OpenSeat } from './step-outcome';
import { validateChain } from './validate-chain';
import type { KnownCodes } from './validate-chain';
import type { DocumentVersionRef, SignedInPlaceOf, WorkflowEvent } from './workflow-events';
import type { DecisionKind, StepState, StepStatus, WorkflowState } from './workflow-state';

const DECISIONS: readonly DecisionKind[] = ['approve', 'reject', 'request_changes'];

const OPEN_STATUSES: readonly StepStatus[] = ['active', 'changes_requested'];

/** What the app lends the engine; the engine itself never reads a clock or a calendar. */
export interface EngineOptions {
  /** Computes a step's deadline when it (re)activates; without it every `dueAt` is null. */
  dueAt?: (step: StepDefinition, activatedAt: Date) => Date | null;
}

export interface StartOptions extends EngineOptions {
  /** Codes to validate the chain against (calendars default to MX, US and binational). */
  known?: KnownCodes;
}

export interface StartCommand {
  /** The project's attributes, snapshotted for the workflow's conditions. */
  attributes?: Attributes;
  /**
   * The code of the project's technical group: what `{ projectGroup: true }` assignees stand
   * for. Required (else `PROJECT_GROUP_MISSING`) only when the chain names the project group.
   */
  projectGroup?: string | null;
  actorId: string | null;
}

export interface DecideCommand {
  stepKey: string;
  /** An {@link assigneeId} on the step, e.g. `agency:CBP` or `group:SON-AZ`. */
  assignee: string;
  /** `agency` for an agency; `mx` or `us` (the co-chair) for a technical group. */
  seat: Seat;
  decision: DecisionKind;
  /** Required (non-blank) to reject or request changes. */
  comment?: string | null;
  /**
   * The document versions the signer cites, as the app found them (the engine checks only
   * their shape, `DOCUMENT_INVALID`); recorded in the event, never in the state.
   */
  documents?: readonly DocumentVersionRef[];
  actorId: string | null;
  /**
   * Set when the actor signs as a delegate (suplencia): recorded on `decision_recorded`. The
   * app checks the delegation is active now; the engine only records it.
   */
  inPlaceOf?: SignedInPlaceOf;
}

/** A document version attached to a step (`kind`: the document's kind, `title` its title). */
export interface AttachCommand extends DocumentVersionRef {
  stepKey: string;
  title: string;
  kind: string;
  actorId: string | null;
}

export interface ReassignCommand {
  stepKey: string;
  /** The {@link assigneeId} to replace (it must not have signed in the current round). */
  from: string;
  /** The {@link assigneeId} that takes its place (not already on the step). */
  to: string;
  /** Why (a change of jurisdiction, an agency merged or renamed): required, non-blank. */
  reason: string;
  actorId: string | null;
}

export interface CommentCommand {
  /** The step the remark is about; null or absent for the whole workflow. */
  stepKey?: string | null;
  /** Required, non-blank. */
  body: string;
  /** The document versions it cites (the app resolves them). */
  documents?: DocumentVersionRef[];
  actorId: string | null;
}

export interface ResubmitCommand {
  stepKey: string;
  comment?: string | null;
  actorId: string | null;
}

/** One reminder or escalation of one round of a step (`ordinal`: its place in the definition). */
export interface TimerCommand {
  stepKey: string;
  round: number;
  ordinal: number;
}

export interface CancelCommand {
  comment?: string | null;
  actorId: string | null;
}

/** The state after the command (`events` folded over the old state) and what to do about it. */
export interface CommandResult {
  state: WorkflowState;
  events: WorkflowEvent[];
  effects: Effect[];
}

/**
 * Starts a workflow: resolves `{ projectGroup: true }` assignees to the project's group
 * (`command.projectGroup`; without one, throws `PROJECT_GROUP_MISSING` naming each such
 * assignee), validates the resolved chain (throws `CHAIN_INVALID` with every problem — e.g. the
 * project group also named by code on the same step), records the attributes and the group,
 * and activates every step whose dependencies are met, skipping those whose
 * condition does not match (which may complete the workflow at once).
 *
 * @example
 * const { state, events, effects } = start(
 *   chain,
 *   { attributes: { involvesRail: false }, actorId: coordinatorId },
 *   now,
 *   { dueAt: (step, activatedAt) => calendar.dueAt(step.sla, activatedAt) },
 * );
 */
export function start(
  definition: ChainDefinition,
  command: StartCommand,
  now: Date,
  options: StartOptions = {},
): CommandResult {
  const named = projectGroupAssignees(definition);
  const projectGroup = named.length > 0 ? (command.projectGroup ?? null) : null;
  if (named.length > 0 && !projectGroup) {
    throw new WorkflowEngineError(
      'PROJECT_GROUP_MISSING',
      `The project has no technical group, and the chain's step(s) ${[...new Set(named.map((n) => n.step))].join(', ')} need it`,
      named.map((n) => ({
        ...n,
        message: `step '${n.step}' needs the project's technical group ({ projectGroup: true }), and the project has none`,
      })),
    );
  }
  const resolved = resolveProjectGroup(definition, projectGroup);
  const problems = validateChain(resolved, options.known);
  if (problems.length > 0) {
    throw new WorkflowEngineError(
      'CHAIN_INVALID',
      `The approval chain is invalid: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
      problems,
    );
  }
  const recorder = new Recorder(resolved, null, now, command.actorId, options);
  recorder.emit('workflow_started', {
    attributes: { ...(command.attributes ?? {}) },
    ...(projectGroup ? { projectGroup } : {}),
  });
  advance(recorder);
  return recorder.result();
}

/**
 * Records one signature on an active step, then applies the step's rule: approving it
 * activates its dependants (and may complete the workflow); rejecting it ends the workflow or
 * returns it to an earlier step (`onReject`); a request for changes pauses the step until
 * {@link resubmit}.
 *
 * Cited documents (`command.documents`) are recorded in `decision_recorded` as
 * `documents: [{ documentId, version, sha256 }]`, only when there is at least one.
 *
 * Refusals, in this order: `STEP_NOT_FOUND`, `NOT_AN_ASSIGNEE`, `SEAT_INVALID`,
 * `DECISION_INVALID`, `COMMENT_REQUIRED`, `DOCUMENT_INVALID`, `WORKFLOW_NOT_ACTIVE`,
 * `STEP_NOT_ACTIVE`, `ALREADY_DECIDED`.
 *
 * @example
 * const result = decide(
 *   chain,
 *   state,
 *   { stepKey: 'regional-priority', assignee: 'group:SON-AZ', seat: 'mx', decision: 'approve',
 *     actorId: userId },
 *   now,
 * );
 */
export function decide(
  definition: ChainDefinition,
  state: WorkflowState,
  command: DecideCommand,
  now: Date,
  options: EngineOptions = {},
): CommandResult {
  definition = withReassignments(definition, state);
  const step = findStepDefinition(definition, command.stepKey);
  const assignee = step.assignees.find((candidate) => assigneeId(candidate) === command.assignee);
  if (!assignee) {
    throw new WorkflowEngineError(
      'NOT_AN_ASSIGNEE',
      `${command.assignee} is not an assignee of step '${step.key}'`,
    );
  }
  if (!seatsOf(assignee).includes(command.seat)) {
    throw new WorkflowEngineError(
      'SEAT_INVALID',
      `${command.assignee} signs as ${seatsOf(assignee).join(' or ')}, not ${command.seat}`,
    );
  }
  if (!DECISIONS.includes(command.decision)) {
    throw new WorkflowEngineError(
      'DECISION_INVALID',
      `Unknown decision ${String(command.decision)}`,
    );
  }
  const comment = blankToNull(command.comment);
  if (command.decision !== 'approve' && comment === null) {
    throw new WorkflowEngineError('COMMENT_REQUIRED', `A ${command.decision} needs a comment`);
  }
  const documents = (command.documents ?? []).map(documentRef);
  requireActive(state);
  const current = findStepState(state, step.key);
  if (current.status !== 'active') {
    throw new WorkflowEngineError('STEP_NOT_ACTIVE', `Step '${step.key}' is ${current.status}`);
  }
  const open = openSeatsOf(step, current.decisions);
  if (!open.some((seat) => seat.assignee === command.assignee && seat.seat === command.seat)) {
    throw new WorkflowEngineError(
      'ALREADY_DECIDED',
      `${command.assignee} has already decided step '${step.key}' in round ${current.round}`,
    );
  }

  const recorder = new Recorder(definition, state, now, command.actorId, options);
  recorder.emit('decision_recorded', {
    stepKey: step.key,
    round: current.round,
    assignee: command.assignee,
    seat: command.seat,
    decision: command.decision,
    comment,
    // Absent rather than empty: a decision citing nothing keeps the data (and hash) it always had.
    ...(documents.length > 0 ? { documents } : {}),
    ...(command.inPlaceOf ? inPlaceOf(command.inPlaceOf) : {}),
  });
  const round = { stepKey: step.key, round: current.round };
  switch (stepOutcome(step, recorder.step(step.key).decisions)) {
    case 'approved':
      recorder.emit('step_approved', round);
      advance(recorder);
      break;
    case 'changes_requested':
      recorder.emit('changes_requested', round);
      recorder.notify('changes_requested', [{ coordinator: true }], round);
      break;
    case 'rejected':
      recorder.emit('step_rejected', round);
      recorder.notify('step_rejected', [{ coordinator: true }], round);
      onRejected(recorder, step, current.round);
      break;
    case 'open':
      break;
  }
  return recorder.result();
}

/**
 * Records that a document version was attached to a step: one `document_attached` event, no
 * change of state and no effects. Accepted whatever the workflow's status (documents such as
 * the permit arrive after the last signature). Refuses `STEP_NOT_FOUND`, then
 * `DOCUMENT_INVALID` (a version below 1, a SHA-256 that is not 64 hex digits, an empty title
 * or kind).
 *
 * @example
 * attach(chain, state, { stepKey: 'environmental-review', documentId, version: 2,
 *   sha256: 'e3b0c442…', title: 'MIA regional', kind: 'environmental', actorId: userId }, now);
 */
export function attach(
  definition: ChainDefinition,
  state: WorkflowState,
  command: AttachCommand,
  now: Date,
): CommandResult {
  const step = findStepDefinition(definition, command.stepKey);
  const ref = documentRef(command);
  if (command.title.trim() === '' || command.kind.trim() === '') {
    throw new WorkflowEngineError('DOCUMENT_INVALID', 'A document needs a title and a kind');
  }
  const recorder = new Recorder(definition, state, now, command.actorId, {});
  recorder.emit('document_attached', {
    stepKey: step.key,
    ...ref,
    title: command.title,
    kind: command.kind,
  });
  return recorder.result();
}

/**
 * Answers a request for changes: the step becomes active again in a new round, with its
 * decisions cleared and a fresh `dueAt`. Refuses `STEP_NOT_FOUND`, `WORKFLOW_NOT_ACTIVE`,
 * then `STEP_NOT_CHANGES_REQUESTED`.
 *
 * @example
 * resubmit(chain, state, { stepKey: 'mx-technical-file', comment: 'Annex B added',
 *   actorId: coordinatorId }, now, { dueAt });
 */
export function resubmit(
  definition: ChainDefinition,
  state: WorkflowState,
  command: ResubmitCommand,
  now: Date,
  options: EngineOptions = {},
): CommandResult {
  definition = withReassignments(definition, state);
  const step = findStepDefinition(definition, command.stepKey);
  requireActive(state);
  const current = findStepState(state, step.key);
  if (current.status !== 'changes_requested') {
    throw new WorkflowEngineError(
      'STEP_NOT_CHANGES_REQUESTED',
      `Step '${step.key}' is ${current.status}, not changes_requested`,
    );
  }
  const recorder = new Recorder(definition, state, now, command.actorId, options);
  recorder.emit('step_resubmitted', {
    stepKey: step.key,
    round: current.round,
    comment: blankToNull(command.comment),
  });
  activate(recorder, step);
  return recorder.result();
}

/**
 * Cancels an active workflow: every pending, active or changes-requested step becomes
 * `cancelled`; finished steps keep their status. Refuses `WORKFLOW_NOT_ACTIVE`.
 *
 * @example
 * cancel(chain, state, { comment: 'Project withdrawn', actorId: coordinatorId }, now);
 */
export function cancel(
  definition: ChainDefinition,
  state: WorkflowState,
  command: CancelCommand,
  now: Date,
): CommandResult {
  definition = withReassignments(definition, state);
  requireActive(state);
  const recorder = new Recorder(definition, state, now, command.actorId, {});
  const interrupted = cancelUnfinished(recorder);
  recorder.emit('workflow_cancelled', { comment: blankToNull(command.comment) });
  recorder.notify('workflow_cancelled', [
    { coordinator: true },
    { signers: true },
    ...interrupted.map((assignee) => ({ assignee })),
  ]);
  return recorder.result();
}

/**
 * Fires a reminder of an active step's round: records `reminder_sent` with the assignees still
 * to sign, and notifies them (only the co-chair seats still open, for a group) and the
 * coordinator. The state does not change. Refusals, in this order: `STEP_NOT_FOUND`,
 * `TIMER_NOT_FOUND`, `WORKFLOW_NOT_ACTIVE`, `STEP_NOT_ACTIVE`, `ROUND_OVER` — the last three
 * mean the timer is stale and should be dropped.
 *
 * @example
 * remind(chain, state, { stepKey: 'federal-views', round: 1, ordinal: 0 }, now);
 */
export function remind(
  definition: ChainDefinition,
  state: WorkflowState,
  command: TimerCommand,
  now: Date,
): CommandResult {
  const { step, pending } = timerTarget(definition, state, command, 'reminders');
  const recorder = new Recorder(definition, state, now, null, {});
  recorder.emit('reminder_sent', {
    stepKey: step.key,
    round: command.round,
    ordinal: command.ordinal,
    pending: pending.codes,
  });
  recorder.notify('reminder', [...pending.recipients, { coordinator: true }], {
    stepKey: step.key,
    round: command.round,
    ordinal: command.ordinal,
  });
  return recorder.result();
}

/**
 * Fires an escalation of an active step's round: raises the step's `escalationLevel` by one,
 * records `escalated`, and notifies the escalation's targets — `coordinator`, `admin`, `agency`
 * (the assignees still to sign), `group_chairs` (the co-chairs of the project's group).
 * Refuses like {@link remind}.
 *
 * @example
 * escalate(chain, state, { stepKey: 'federal-views', round: 1, ordinal: 0 }, now);
 */
export function escalate(
  definition: ChainDefinition,
  state: WorkflowState,
  command: TimerCommand,
  now: Date,
): CommandResult {
  const { step, current, pending } = timerTarget(definition, state, command, 'escalations');
  const notify = [...step.escalations![command.ordinal].notify];
  const recorder = new Recorder(definition, state, now, null, {});
  recorder.emit('escalated', {
    stepKey: step.key,
    round: command.round,
    ordinal: command.ordinal,
    pending: pending.codes,
    escalationLevel: current.escalationLevel + 1,
    notify,
  });
  const to: Recipient[] = [];
  if (notify.includes('agency')) to.push(...pending.recipients);
  if (notify.includes('coordinator')) to.push({ coordinator: true });
  if (notify.includes('admin')) to.push({ admins: true });
  if (notify.includes('group_chairs')) to.push({ groupChairs: true });
  recorder.notify('escalation', to, {
    stepKey: step.key,
    round: command.round,
    ordinal: command.ordinal,
  });
  return recorder.result();
}

/** The step a timer is about, checked to be active in the timer's round, and who owes it. */
function timerTarget(
  definition: ChainDefinition,
  state: WorkflowState,
  command: TimerCommand,
  kind: 'reminders' | 'escalations',
) {
  const step = findStepDefinition(withReassignments(definition, state), command.stepKey);
  if (!step[kind]?.[command.ordinal]) {
    throw new WorkflowEngineError(
      'TIMER_NOT_FOUND',
      `Step '${step.key}' has no ${kind.slice(0, -1)} ${command.ordinal}`,
    );
  }
  requireActive(state);
  const current = findStepState(state, step.key);
  if (current.status !== 'active') {
    throw new WorkflowEngineError('STEP_NOT_ACTIVE', `Step '${step.key}' is ${current.status}`);
  }
  if (current.round !== command.round) {
    throw new WorkflowEngineError(
      'ROUND_OVER',
      `Step '${step.key}' is in round ${current.round}, not ${command.round}`,
    );
  }
  // Who has not signed yet: agencies by their approvers, groups by the seats still open.
  const open = openSeatsOf(step, current.decisions);
  const assignees = [...new Set(open.map((seat) => seat.assignee))];
  const recipients: Recipient[] = open.map((seat) =>
    seat.seat === 'agency' ? { assignee: seat.assignee } : seat,
  );
  const codes = assignees.map((id) => {
    const assignee = parseAssigneeId(id);
    return assignee && 'agency' in assignee ? assignee.agency : assignee!.technicalGroup;
  });
  return { step, current, pending: { codes, recipients } };
}

/**
 * The seats that may still sign a step now: none unless the workflow and the step are
 * active. What a task inbox lists, and what `decide` accepts.
 *
 * @example
 * openSeats(chain, state, 'regional-priority');
 * // [{ assignee: 'group:SON-AZ', seat: 'mx' }, { assignee: 'group:SON-AZ', seat: 'us' }]
 */
export function openSeats(
  definition: ChainDefinition,
  state: WorkflowState,
  stepKey: string,
): OpenSeat[] {
  const current = state.steps.find((candidate) => candidate.key === stepKey);
  const step = definition.steps.find((candidate) => candidate.key === stepKey);
  if (!step || !current || state.status !== 'active' || current.status !== 'active') return [];
  return openSeatsOf(
    current.assignees ? reassigned(step, current.assignees) : step,
    current.decisions,
  );
}

/**
 * The chain as this workflow runs it: each step's assignees after the reassignments recorded
 * in `state` (`StepState.assignees`); the chain itself when there were none.
 *
 * @example
 * withReassignments(chain, state).steps[1].assignees; // [{ agency: 'GSA' }] after CBP → GSA
 */
export function withReassignments(
  definition: ChainDefinition,
  state: WorkflowState | null,
): ChainDefinition {
  if (!state?.steps.some((step) => step.assignees)) return definition;
  return {
    ...definition,
    steps: definition.steps.map((step) => {
      const ids = state.steps.find((candidate) => candidate.key === step.key)?.assignees;
      return ids ? reassigned(step, ids) : step;
    }),
  };
}

function reassigned(step: StepDefinition, ids: string[]): StepDefinition {
  return { ...step, assignees: ids.map((id) => parseAssigneeId(id)!) };
}

/**
 * Replaces an assignee that has not signed in the current round by another, on a pending or
 * active step of this workflow only: records `assignee_reassigned` (the state's
 * `StepState.assignees` follows) and notifies the new assignee, the old one and the
 * coordinator. The step's rule applies to the new list as it did to the old one.
 *
 * Refusals, in this order: `STEP_NOT_FOUND`, `TEXT_REQUIRED` (no reason), `ASSIGNEE_INVALID`
 * (`from` not on the step, `to` malformed or already on it), `WORKFLOW_NOT_ACTIVE`,
 * `STEP_NOT_OPEN`, `ALREADY_DECIDED` (`from` signed in this round).
 *
 * @example
 * reassign(chain, state, { stepKey: 'federal-views', from: 'agency:CBP', to: 'agency:GSA',
 *   reason: 'Jurisdiction moved by decree', actorId: adminId }, now);
 */
export function reassign(
  definition: ChainDefinition,
  state: WorkflowState,
  command: ReassignCommand,
  now: Date,
): CommandResult {
  definition = withReassignments(definition, state);
  const step = findStepDefinition(definition, command.stepKey);
  const reason = blankToNull(command.reason);
  if (reason === null) {
    throw new WorkflowEngineError('TEXT_REQUIRED', 'A reassignment needs a reason');
  }
  const ids = step.assignees.map(assigneeId);
  if (!ids.includes(command.from)) {
    throw new WorkflowEngineError(
      'ASSIGNEE_INVALID',
      `${command.from} is not an assignee of step '${step.key}'`,
    );
  }
  if (!parseAssigneeId(command.to) || ids.includes(command.to)) {
    throw new WorkflowEngineError(
      'ASSIGNEE_INVALID',
      `${command.to} cannot replace ${command.from}: it is ${parseAssigneeId(command.to) ? 'already an assignee' : 'not an assignee'} of step '${step.key}'`,
    );
  }
  requireActive(state);
  const current = findStepState(state, step.key);
  if (current.status !== 'pending' && current.status !== 'active') {
    throw new WorkflowEngineError(
      'STEP_NOT_OPEN',
      `Step '${step.key}' is ${current.status}: only a pending or active step can be reassigned`,
    );
  }
  if (current.decisions.some((decision) => decision.assignee === command.from)) {
    throw new WorkflowEngineError(
      'ALREADY_DECIDED',
      `${command.from} has already signed step '${step.key}' in round ${current.round}`,
    );
  }
  const recorder = new Recorder(definition, state, now, command.actorId, {});
  recorder.emit('assignee_reassigned', {
    stepKey: step.key,
    round: current.round,
    from: command.from,
    to: command.to,
    reason,
  });
  recorder.notify(
    'assignee_reassigned',
    [{ assignee: command.to }, { assignee: command.from }, { coordinator: true }],
    { stepKey: step.key, round: current.round },
  );
  return recorder.result();
}

/**
 * Records a remark that decides nothing (`comment_added`), on a step or the whole workflow,
 * finished or not, and notifies the coordinator and whoever can still sign that step (every
 * active step when there is no `stepKey`). The state does not change.
 *
 * Refusals: `STEP_NOT_FOUND`, `TEXT_REQUIRED` (a blank body).
 *
 * @example
 * comment(chain, state, { stepKey: 'federal-views', body: 'Annex C is the new layout',
 *   actorId: coordinatorId }, now);
 */
export function comment(
  definition: ChainDefinition,
  state: WorkflowState,
  command: CommentCommand,
  now: Date,
): CommandResult {
  definition = withReassignments(definition, state);
  const stepKey = command.stepKey ?? null;
  if (stepKey !== null) findStepDefinition(definition, stepKey);
  const body = blankToNull(command.body);
  if (body === null) throw new WorkflowEngineError('TEXT_REQUIRED', 'A comment needs a body');
  const recorder = new Recorder(definition, state, now, command.actorId, {});
  recorder.emit('comment_added', {
    stepKey,
    body,
    ...(command.documents?.length ? { documents: command.documents.map((d) => ({ ...d })) } : {}),
  });
  const to: Recipient[] = [{ coordinator: true }];
  for (const step of definition.steps) {
    if (stepKey !== null && step.key !== stepKey) continue;
    for (const seat of openSeats(definition, state, step.key)) {
      to.push(seat.seat === 'agency' ? { assignee: seat.assignee } : seat);
    }
  }
  recorder.notify(
    'comment_added',
    to,
    stepKey === null ? undefined : { stepKey, round: findStepState(state, stepKey).round },
  );
  return recorder.result();
}

/** The delegation keys of a delegate's `decision_recorded`, copied (no shared objects). */
function inPlaceOf(signed: SignedInPlaceOf): SignedInPlaceOf {
  return {
    delegationId: signed.delegationId,
    delegator: { userId: signed.delegator.userId, name: signed.delegator.name },
    legalBasis: signed.legalBasis,
    ...(signed.reference ? { reference: signed.reference } : {}),
  };
}

type EventData<Type extends WorkflowEvent['type']> = Extract<WorkflowEvent, { type: Type }>['data'];

/** Emits events through the reducer, so the state it holds is always their fold. */
class Recorder {
  readonly events: WorkflowEvent[] = [];
  readonly effects: Effect[] = [];
  private current: WorkflowState | null;

  constructor(
    readonly definition: ChainDefinition,
    state: WorkflowState | null,
    readonly now: Date,
    private readonly actorId: string | null,
    readonly options: EngineOptions,
  ) {
    this.current = state;
  }

  get state(): WorkflowState {
    if (this.current === null) throw new Error('The workflow has not started');
    return this.current;
  }

  step(key: string): StepState {
    return findStepState(this.state, key);
  }

  emit<Type extends WorkflowEvent['type']>(type: Type, data: EventData<Type>): void {
    const event = {
      type,
      at: this.now.toISOString(),
      actorId: this.actorId,
      data,
    } as WorkflowEvent;
    const before = this.current;
    this.current = applyEvent(this.definition, before, event);
    this.events.push(event);
    // Any round that stops being open loses its timers, whatever closed it.
    for (const previous of before?.steps ?? []) {
      const next = this.step(previous.key);
      if (
        OPEN_STATUSES.includes(previous.status) &&
        (next.status !== previous.status || next.round !== previous.round)
      ) {
        this.effects.push({
          type: 'step_finished',
          stepKey: previous.key,
          round: previous.round,
          status: next.status,
        });
      }
    }
  }

  notify(
    notification: NotificationKind,
    to: Recipient[],
    step?: { stepKey: string; round: number; ordinal?: number },
  ): void {
    const unique = [
      ...new Map(to.map((recipient) => [JSON.stringify(recipient), recipient])).values(),
    ];
    this.effects.push({ type: 'notify', notification, ...step, to: unique });
  }

  result(): CommandResult {
    return { state: this.state, events: this.events, effects: this.effects };
  }
}

function findStepDefinition(definition: ChainDefinition, stepKey: string): StepDefinition {
  const step = definition.steps.find((candidate) => candidate.key === stepKey);
  if (!step) throw new WorkflowEngineError('STEP_NOT_FOUND', `There is no step '${stepKey}'`);
  return step;
}

function findStepState(state: WorkflowState, stepKey: string): StepState {
  const step = state.steps.find((candidate) => candidate.key === stepKey);
  if (!step) throw new WorkflowEngineError('STEP_NOT_FOUND', `There is no step '${stepKey}'`);
  return step;
}

function requireActive(state: WorkflowState): void {
  if (state.status !== 'active') {
    throw new WorkflowEngineError('WORKFLOW_NOT_ACTIVE', `The workflow is ${state.status}`);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/** A document version reference, checked and copied (only its three fields). */
function documentRef(ref: DocumentVersionRef): DocumentVersionRef {
  if (!Number.isInteger(ref.version) || ref.version < 1 || !SHA256.test(ref.sha256)) {
    throw new WorkflowEngineError(
      'DOCUMENT_INVALID',
      `Document ${ref.documentId}: version ${ref.version} with SHA-256 ${ref.sha256} is not a stored version`,
    );
  }
  return { documentId: ref.documentId, version: ref.version, sha256: ref.sha256 };
}

function blankToNull(comment: string | null | undefined): string | null {
  return typeof comment === 'string' && comment.trim() !== '' ? comment : null;
}

function activate(recorder: Recorder, step: StepDefinition): void {
  const round = recorder.step(step.key).round + 1;
  const dueAt = recorder.options.dueAt?.(step, recorder.now)?.toISOString() ?? null;
  recorder.emit('step_activated', { stepKey: step.key, round, dueAt });
  recorder.effects.push({
    type: 'step_activated',
    stepKey: step.key,
    round,
    activatedAt: recorder.now.toISOString(),
    dueAt,
  });
  recorder.notify(
    'step_assigned',
    step.assignees.map((assignee) => ({ assignee: assigneeId(assignee) })),
    { stepKey: step.key, round },
  );
}

/**
 * Activates (or skips, when its condition fails) every pending step whose dependencies are all
 * approved or skipped, until nothing changes — a skip can release further steps — then
 * completes the workflow if every step is approved or skipped.
 */
function advance(recorder: Recorder): void {
  const settled = (key: string): boolean => {
    const status = recorder.step(key).status;
    return status === 'approved' || status === 'skipped';
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (const step of recorder.definition.steps) {
      if (recorder.step(step.key).status !== 'pending') continue;
      if (!(step.dependsOn ?? []).every(settled)) continue;
      if (step.condition && !matchesCondition(step.condition, recorder.state.attributes)) {
        recorder.emit('step_skipped', { stepKey: step.key });
      } else {
        activate(recorder, step);
      }
      changed = true;
    }
  }
  if (recorder.definition.steps.every((step) => settled(step.key))) {
    recorder.emit('workflow_approved', {});
    recorder.notify('workflow_completed', [{ coordinator: true }, { signers: true }]);
  }
}

function onRejected(recorder: Recorder, step: StepDefinition, round: number): void {
  const onReject = step.onReject ?? 'end';
  if (onReject === 'end') {
    const interrupted = cancelUnfinished(recorder);
    recorder.emit('workflow_rejected', { stepKey: step.key });
    recorder.notify('workflow_rejected', [
      { coordinator: true },
      { signers: true },
      ...interrupted.map((assignee) => ({ assignee })),
    ]);
    return;
  }
  const downstream = downstreamOf(dependencyGraph(recorder.definition), onReject.returnTo);
  const resetSteps = recorder.definition.steps
    .map((candidate) => candidate.key)
    .filter((key) => key === onReject.returnTo || downstream.has(key));
  recorder.emit('workflow_returned', {
    stepKey: step.key,
    round,
    returnTo: onReject.returnTo,
    resetSteps,
  });
  advance(recorder);
}

/** Cancels every unfinished step; returns the assignees whose open work was interrupted. */
function cancelUnfinished(recorder: Recorder): string[] {
  const interrupted: string[] = [];
  for (const step of recorder.definition.steps) {
    const current = recorder.step(step.key);
    if (current.status !== 'pending' && !OPEN_STATUSES.includes(current.status)) continue;
    if (OPEN_STATUSES.includes(current.status)) {
      interrupted.push(...step.assignees.map(assigneeId));
    }
    recorder.emit('step_cancelled', { stepKey: step.key, round: current.round });
  }
  return interrupted;
}
