/**
 * The shape of a step key, and of a chain key: lowercase letters and digits in dash-separated
 * words (`cbp-review`), at most {@link STEP_KEY_MAX_LENGTH} characters. The one definition the
 * validator, the request DTOs and the OpenAPI `pattern` use.
 */
export const STEP_KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const STEP_KEY_MAX_LENGTH = 64;

/**
 * Whether `value` is a well-formed step (or chain) key.
 *
 * @example
 * isStepKey('cbp-review'); // true
 * isStepKey('CBP review'); // false
 */
export function isStepKey(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length <= STEP_KEY_MAX_LENGTH && STEP_KEY_PATTERN.test(value)
  );
}

/** Text shown to people on both sides of the border; both languages are required. */
export interface Bilingual {
  en: string;
  es: string;
}

/** Who signs a step: one agency (by code) or one binational technical group (by code). */
export type Assignee = { agency: string } | { technicalGroup: string };

/** How many assignees must approve: every one, the first one, or `quorum` of them. */
export type Rule = 'all' | 'any' | { quorum: number };

/** A project attribute value; conditions compare with strict equality (no coercion). */
export type AttributeValue = string | number | boolean;

/** Project attributes as snapshotted when a workflow starts. */
export type Attributes = Record<string, AttributeValue>;

/** Runs a step only when the project's attribute matches; exactly one operator is set. */
export interface Condition {
  attribute: string;
  equals?: AttributeValue;
  notEquals?: AttributeValue;
  in?: AttributeValue[];
}

/** A step's deadline: working days on a named calendar, or plain elapsed time (ISO 8601). */
export type Sla = { businessDays: number; calendar: string } | { duration: string };

export interface Reminder {
  /** ISO 8601 duration before `dueAt`, at least zero. */
  before: string;
}

export type EscalationTarget = 'coordinator' | 'admin' | 'agency' | 'group_chairs';

export const ESCALATION_TARGETS: readonly EscalationTarget[] = [
  'coordinator',
  'admin',
  'agency',
  'group_chairs',
];

export interface Escalation {
  /** ISO 8601 duration after `dueAt`, at least zero. */
  after: string;
  notify: EscalationTarget[];
}

/** What a rejection does: end the workflow, or send it back to an earlier step. */
export type OnReject = 'end' | { returnTo: string };

export interface StepDefinition {
  key: string;
  name: Bilingual;
  assignees: Assignee[];
  rule?: Rule;
  dependsOn?: string[];
  condition?: Condition;
  sla?: Sla;
  reminders?: Reminder[];
  escalations?: Escalation[];
  onReject?: OnReject;
}

/** The steps of one approval chain version; the app keeps the chain's key, name and version. */
export interface ChainDefinition {
  steps: StepDefinition[];
}

/**
 * Who signs for an assignee: any approver of an agency signs once as `'agency'`; a technical
 * group has two seats, its MX and US co-chairs.
 */
export type Seat = 'agency' | 'mx' | 'us';

/**
 * The stable id of an assignee, used in decisions, events and notifications.
 *
 * @example
 * assigneeId({ agency: 'CBP' }); // 'agency:CBP'
 * assigneeId({ technicalGroup: 'SON-AZ' }); // 'group:SON-AZ'
 */
export function assigneeId(assignee: Assignee): string {
  return 'agency' in assignee ? `agency:${assignee.agency}` : `group:${assignee.technicalGroup}`;
}

/**
 * The assignee behind an id made by {@link assigneeId}, or null when it is not one.
 *
 * @example
 * parseAssigneeId('group:SON-AZ'); // { technicalGroup: 'SON-AZ' }
 * parseAssigneeId('CBP'); // null
 */
export function parseAssigneeId(id: string): Assignee | null {
  const match = /^(agency|group):(.+)$/.exec(id);
  if (!match) return null;
  return match[1] === 'agency' ? { agency: match[2] } : { technicalGroup: match[2] };
}

/**
 * The seats that sign for an assignee, in signing-independent order.
 *
 * @example
 * seatsOf({ agency: 'SRE' }); // ['agency']
 * seatsOf({ technicalGroup: 'JRZ-ELP' }); // ['mx', 'us']
 */
export function seatsOf(assignee: Assignee): Seat[] {
  return 'agency' in assignee ? ['agency'] : ['mx', 'us'];
}

/**
 * The id of one signature slot, an assignee's seat, as stored in `workflow_steps.awaiting`
 * (and built the same way in SQL by the approvals module's signature-slot query).
 *
 * @example
 * slotId({ assignee: 'agency:CBP', seat: 'agency' }); // 'agency:CBP/agency'
 * slotId({ assignee: 'group:SON-AZ', seat: 'mx' }); // 'group:SON-AZ/mx'
 */
export function slotId(slot: { assignee: string; seat: Seat }): string {
  return `${slot.assignee}/${slot.seat}`;
}

/**
 * The assignee id and seat of a slot made by {@link slotId}, or null when it is not one.
 *
 * @example
 * parseSlotId('group:SON-AZ/us'); // { assignee: 'group:SON-AZ', seat: 'us' }
 */
export function parseSlotId(slot: string): { assignee: string; seat: Seat } | null {
  const slash = slot.lastIndexOf('/');
  const seat = slot.slice(slash + 1);
  const assignee = slot.slice(0, slash);
  if (slash < 0 || !parseAssigneeId(assignee) || !['agency', 'mx', 'us'].includes(seat))
    return null;
  return { assignee, seat: seat as Seat };
}
