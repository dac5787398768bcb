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
