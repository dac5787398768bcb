import type { Attributes, EscalationTarget, Seat } from './chain-definition';
import type { DecisionKind } from './workflow-state';

interface EventOf<Type extends string, Data> {
  type: Type;
  /** ISO 8601 instant. */
  at: string;
  /** The user whose command produced the event; null for the system. */
  actorId: string | null;
  data: Data;
}

/** `projectGroup`: the project's group a `{ projectGroup: true }` assignee stands for. */
export type WorkflowStartedEvent = EventOf<
  'workflow_started',
  { attributes: Attributes; projectGroup?: string }
>;
export type StepActivatedEvent = EventOf<
  'step_activated',
  { stepKey: string; round: number; dueAt: string | null }
>;
/** The step's condition did not match the workflow's attributes. */
export type StepSkippedEvent = EventOf<'step_skipped', { stepKey: string }>;
/**
 * One version of a document, as the history records it: what a signature was given on, or
 * what was attached to a step. `sha256` is the version's content hash (64 lowercase hex), so
 * the hash chain also proves which bytes were meant.
 */
export interface DocumentVersionRef {
  documentId: string;
  /** 1 for the first upload, +1 for every new version. */
  version: number;
  sha256: string;
}

/**
 * One signature. `documents` (the versions the signer cited, in the order given) is present
 * only when the decision cites at least one: a decision citing none has exactly the data it had
 * before citations existed, so the hashes of events stored earlier still hold. A delegate's (suplencia) also carries `delegationId`, `delegator` and
 * `legalBasis` (and `reference` when the delegation has one); the other signatures have none
 * of these keys, so events written before delegations existed keep their hashes.
 */
export type DecisionRecordedEvent = EventOf<
  'decision_recorded',
  {
    stepKey: string;
    round: number;
    assignee: string;
    seat: Seat;
    decision: DecisionKind;
    comment: string | null;
    documents?: DocumentVersionRef[];
  } & Partial<SignedInPlaceOf>
>;

/** Who a delegate signed in place of, and under which delegation. */
export interface SignedInPlaceOf {
  delegationId: string;
  /** The delegator: the person whose signature the delegate gave. */
  delegator: { userId: string; name: string };
  /** The article of the internal regulation or the official letter the delegation rests on. */
  legalBasis: string;
  /** Free text (an oficio number); absent when the delegation has none. */
  reference?: string;
}

/**
 * An admin replaced an assignee (`from`, an {@link assigneeId}) by another (`to`) on a pending
 * or active step of this workflow only (a change of jurisdiction), for `reason`.
 */
export type AssigneeReassignedEvent = EventOf<
  'assignee_reassigned',
  { stepKey: string; round: number; from: string; to: string; reason: string }
>;

/**
 * A remark that decides nothing, on one step (`stepKey`) or the whole workflow (null). Allowed
 * on a finished workflow too; `documents` only when it cites some.
 */
export type CommentAddedEvent = EventOf<
  'comment_added',
  { stepKey: string | null; body: string; documents?: DocumentVersionRef[] }
>;
export type StepApprovedEvent = EventOf<'step_approved', { stepKey: string; round: number }>;
export type StepRejectedEvent = EventOf<'step_rejected', { stepKey: string; round: number }>;
export type ChangesRequestedEvent = EventOf<
  'changes_requested',
  { stepKey: string; round: number }
>;
/** The coordinator answered a request for changes; a `step_activated` follows. */
export type StepResubmittedEvent = EventOf<
  'step_resubmitted',
  { stepKey: string; round: number; comment: string | null }
>;
/**
 * A rejection with `onReject: { returnTo }` sent the workflow back: every step in
 * `resetSteps` (the target and everything downstream of it) is pending again; the target's
 * `step_activated` (or `step_skipped`) follows.
 */
export type WorkflowReturnedEvent = EventOf<
  'workflow_returned',
  { stepKey: string; round: number; returnTo: string; resetSteps: string[] }
>;
/**
 * A reminder of an active step's round fired (`ordinal`: its place in the step's `reminders`).
 * `pending` lists the codes of the assignees that had not signed yet (`CBP`, `SON-AZ`).
 */
export type ReminderSentEvent = EventOf<
  'reminder_sent',
  { stepKey: string; round: number; ordinal: number; pending: string[] }
>;
/**
 * An escalation of an active step's round fired (`ordinal`: its place in the step's
 * `escalations`): the step's `escalationLevel` became `escalationLevel`, and `notify` (from
 * the chain) was told. Its data are stored as they were first written, so the hashes hold.
 */
export type EscalatedEvent = EventOf<
  'escalated',
  {
    stepKey: string;
    round: number;
    ordinal: number;
    pending: string[];
    escalationLevel: number;
    notify: EscalationTarget[];
  }
>;
export type StepCancelledEvent = EventOf<'step_cancelled', { stepKey: string; round: number }>;
export type WorkflowApprovedEvent = EventOf<'workflow_approved', Record<string, never>>;
export type WorkflowRejectedEvent = EventOf<'workflow_rejected', { stepKey: string }>;
export type WorkflowCancelledEvent = EventOf<'workflow_cancelled', { comment: string | null }>;
/**
 * A document (or a new version of it) was attached to a step; the uploader is the event's
 * `actorId`. A record only: the state does not change, and it may come at any time, after
 * the workflow ended too (the permit itself is uploaded once everything is signed).
 */
export type DocumentAttachedEvent = EventOf<
  'document_attached',
  DocumentVersionRef & {
    stepKey: string;
    title: string;
    /** `technical_file`, `environmental`, `agency_opinion`, `minutes`, `permit`, `map`, `other`. */
    kind: string;
  }
>;

/** Everything that can happen to a workflow; the state is the fold of these. */
export type WorkflowEvent =
  | WorkflowStartedEvent
  | StepActivatedEvent
  | StepSkippedEvent
  | DecisionRecordedEvent
  | StepApprovedEvent
  | StepRejectedEvent
  | ChangesRequestedEvent
  | StepResubmittedEvent
  | WorkflowReturnedEvent
  | ReminderSentEvent
  | EscalatedEvent
  | StepCancelledEvent
  | WorkflowApprovedEvent
  | WorkflowRejectedEvent
  | WorkflowCancelledEvent
  | DocumentAttachedEvent
  | AssigneeReassignedEvent
  | CommentAddedEvent;

export type WorkflowEventType = WorkflowEvent['type'];
