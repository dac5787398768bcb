/**
 * The approval-chain editor's model, pure (no React, no DOM): the form's state for each step
 * (text fields kept as typed), its conversion to and from the API's `ChainStep`, and the
 * mapping of the API's validation problems (`errors[].field` such as `steps[2].sla.duration`)
 * to the step and the field of the form they name.
 */
import type { Schemas } from '../api/client';

export type ChainStep = Schemas['ChainStep'];
/**
 * An assignee: an agency, a technical group, or the project's own technical group. The last
 * kind (`{ projectGroup: true }`) is in the API contract; until the service's OpenAPI document
 * names it the generated `ChainStep` type does not, so the editor adds it here.
 */
export type Assignee = ChainStep['assignees'][number] | { projectGroup: true };
export type Calendar = 'MX' | 'US' | 'binational';
export type EscalationTarget = 'coordinator' | 'admin' | 'agency' | 'group_chairs';
export const ESCALATION_TARGETS: EscalationTarget[] = [
  'coordinator',
  'admin',
  'agency',
  'group_chairs',
];
export const CALENDARS: Calendar[] = ['MX', 'US', 'binational'];

/** The parts of a step the form shows errors on, in the order they appear. */
export const STEP_FIELDS = [
  'key',
  'name',
  'assignees',
  'rule',
  'dependsOn',
  'condition',
  'sla',
  'reminders',
  'escalations',
  'onReject',
] as const;
export type StepField = (typeof STEP_FIELDS)[number];

export interface StepForm {
  /** Stable identity in the form (React key, element ids); never sent. */
  uid: string;
  key: string;
  nameEn: string;
  nameEs: string;
  assignees: Assignee[];
  rule: 'all' | 'any' | 'quorum';
  quorum: string;
  dependsOn: string[];
  conditionOn: boolean;
  conditionAttribute: string;
  conditionOp: 'equals' | 'notEquals' | 'in';
  /** As typed: `true`, `false`, a number, or text; for `in`, values separated by commas. */
  conditionValue: string;
  slaKind: 'none' | 'businessDays' | 'duration';
  businessDays: string;
  calendar: Calendar;
  duration: string;
  reminders: string[];
  escalations: { after: string; notify: EscalationTarget[] }[];
  /** `''` ends the workflow; a step key returns to that step. */
  returnTo: string;
}

export interface ChainForm {
  key: string;
  nameEn: string;
  nameEs: string;
  steps: StepForm[];
}

let serial = 0;
const nextUid = () => `s${++serial}`;

export function emptyStep(): StepForm {
  return {
    uid: nextUid(),
    key: '',
    nameEn: '',
    nameEs: '',
    assignees: [],
    rule: 'all',
    quorum: '1',
    dependsOn: [],
    conditionOn: false,
    conditionAttribute: '',
    conditionOp: 'equals',
    conditionValue: '',
    slaKind: 'none',
    businessDays: '5',
    calendar: 'binational',
    duration: 'P1D',
    reminders: [],
    escalations: [],
    returnTo: '',
  };
}

/** `"true"` → true, `"12"` → 12, anything else stays text (trimmed). */
export function parseValue(text: string): string | number | boolean {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t !== '' && /^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

const showValue = (value: unknown) => String(value);

/** The API's `ChainStep` for one form step (numbers that are not numbers are sent as typed, for the API to name). */
export function toChainStep(step: StepForm): ChainStep {
  const out: Record<string, unknown> = {
    key: step.key.trim(),
    name: { en: step.nameEn.trim(), es: step.nameEs.trim() },
    assignees: step.assignees,
  };
  if (step.rule === 'any') out.rule = 'any';
  if (step.rule === 'quorum') out.rule = { quorum: numberOrText(step.quorum) };
  if (step.dependsOn.length) out.dependsOn = step.dependsOn;
  if (step.conditionOn) {
    const condition: Record<string, unknown> = { attribute: step.conditionAttribute.trim() };
    condition[step.conditionOp] =
      step.conditionOp === 'in'
        ? step.conditionValue
            .split(',')
            .map((v) => v.trim())
            .filter((v) => v !== '')
            .map(parseValue)
        : parseValue(step.conditionValue);
    out.condition = condition;
  }
  if (step.slaKind === 'businessDays')
    out.sla = { businessDays: numberOrText(step.businessDays), calendar: step.calendar };
  if (step.slaKind === 'duration') out.sla = { duration: step.duration.trim() };
  if (step.reminders.length)
    out.reminders = step.reminders.map((before) => ({ before: before.trim() }));
  if (step.escalations.length)
    out.escalations = step.escalations.map((e) => ({ after: e.after.trim(), notify: e.notify }));
  if (step.returnTo) out.onReject = { returnTo: step.returnTo };
  return out as unknown as ChainStep;
}

function numberOrText(text: string): number {
  const t = text.trim();
  return (/^\d+$/.test(t) ? Number(t) : t) as number;
}

/** The form of a stored step. */
export function fromChainStep(step: ChainStep): StepForm {
  const form = emptyStep();
  form.key = step.key;
  form.nameEn = step.name.en;
  form.nameEs = step.name.es;
  form.assignees = [...(step.assignees as Assignee[])];
  if (step.rule === 'any') form.rule = 'any';
  else if (step.rule && typeof step.rule === 'object') {
    form.rule = 'quorum';
    form.quorum = String(step.rule.quorum);
  }
  form.dependsOn = [...(step.dependsOn ?? [])];
  if (step.condition) {
    form.conditionOn = true;
    form.conditionAttribute = step.condition.attribute;
    if (step.condition.in) {
      form.conditionOp = 'in';
      form.conditionValue = step.condition.in.map(showValue).join(', ');
    } else if (step.condition.notEquals !== undefined) {
      form.conditionOp = 'notEquals';
      form.conditionValue = showValue(step.condition.notEquals);
    } else form.conditionValue = showValue(step.condition.equals);
  }
  if (step.sla && 'businessDays' in step.sla) {
    form.slaKind = 'businessDays';
    form.businessDays = String(step.sla.businessDays);
    form.calendar = step.sla.calendar;
  } else if (step.sla) {
    form.slaKind = 'duration';
    form.duration = step.sla.duration;
  }
  form.reminders = (step.reminders ?? []).map((r) => r.before);
  form.escalations = (step.escalations ?? []).map((e) => ({
    after: e.after,
    notify: [...e.notify],
  }));
  form.returnTo = step.onReject && typeof step.onReject === 'object' ? step.onReject.returnTo : '';
  return form;
}

/** An assignee's identity in lists and `<select>` values: `agency:CBP`, `group:SON-AZ`, `project-group`. */
export function assigneeValue(a: Assignee): string {
  if ('agency' in a) return `agency:${a.agency}`;
  if ('technicalGroup' in a) return `group:${a.technicalGroup}`;
  return 'project-group';
}

export function parseAssigneeValue(value: string): Assignee | null {
  if (value === 'project-group') return { projectGroup: true };
  if (value.startsWith('agency:')) return { agency: value.slice(7) };
  if (value.startsWith('group:')) return { technicalGroup: value.slice(6) };
  return null;
}

/**
 * Renames a step: every other step's `dependsOn` and `onReject.returnTo` that named the old
 * key names the new one, so a rename never leaves a dangling reference behind.
 */
export function renameStep(steps: StepForm[], uid: string, key: string): StepForm[] {
  const old = steps.find((s) => s.uid === uid)?.key;
  return steps.map((s) => {
    if (s.uid === uid) return { ...s, key };
    if (!old) return s;
    return {
      ...s,
      dependsOn: s.dependsOn.map((d) => (d === old ? key : d)),
      returnTo: s.returnTo === old ? key : s.returnTo,
    };
  });
}

/** Removes a step and every reference to it. */
export function removeStep(steps: StepForm[], uid: string): StepForm[] {
  const old = steps.find((s) => s.uid === uid)?.key;
  return steps
    .filter((s) => s.uid !== uid)
    .map((s) => ({
      ...s,
      dependsOn: s.dependsOn.filter((d) => d !== old),
      returnTo: s.returnTo === old ? '' : s.returnTo,
    }));
}

export interface LocatedProblem {
  /** The index of the step named, or null for the chain itself. */
  step: number | null;
  /** The part of the step (or of the chain: `key`, `name`, `steps`). */
  field: string;
  /** The path as the API gave it. */
  path: string;
  message: string;
}

/**
 * Places each of the API's field errors: `steps[2].sla.duration` → step 2, field `sla`;
 * `steps[1]` → step 1, field `step`; `name.en` → the chain's `name`.
 */
export function locateProblems(errors: { field: string; message: string }[]): LocatedProblem[] {
  return errors.map((e) => {
    const m = /^steps\[(\d+)\](?:\.([A-Za-z]+))?/.exec(e.field);
    if (m) {
      const field = m[2] && (STEP_FIELDS as readonly string[]).includes(m[2]) ? m[2] : 'step';
      return { step: Number(m[1]), field, path: e.field, message: e.message };
    }
    return { step: null, field: e.field.split(/[.[]/, 1)[0], path: e.field, message: e.message };
  });
}

/**
 * What one of the workflow engine's validation messages says, as a message id of the
 * catalogue and its values (the engine writes English for developers; people read this).
 * Unknown messages fall back to a general "this value is not accepted".
 */
export function describeProblem(message: string): { id: string; values?: Record<string, string> } {
  const rules: [RegExp, string, string[]?][] = [
    [/unknown step '([^']*)'/, 'chainProblem.unknownStep', ['key']],
    [/dependency cycle: (.*?) \(/, 'chainProblem.cycle', ['path']],
    [/duplicate key '([^']*)'/, 'chainProblem.duplicateKey', ['key']],
    [/unknown agency '([^']*)'/, 'chainProblem.unknownAgency', ['code']],
    [/unknown technical group '([^']*)'/, 'chainProblem.unknownGroup', ['code']],
    [/duplicate assignee/, 'chainProblem.duplicateAssignee'],
    [/at least one assignee/, 'chainProblem.noAssignee'],
    [/listed twice/, 'chainProblem.listedTwice'],
    [/ISO 8601 duration/, 'chainProblem.duration'],
    [/must not be negative/, 'chainProblem.negative'],
    [/longer than zero/, 'chainProblem.positive'],
    [/whole number from (\d+) to (\d+)/, 'chainProblem.range', ['min', 'max']],
    [/lower-?case letters and digits|lower-case words/, 'chainProblem.keyFormat'],
    [/non-empty|is required|must not be empty/, 'chainProblem.required'],
    [/equals, notEquals or in/, 'chainProblem.conditionOne'],
    [/at least one of/, 'chainProblem.notifyOne'],
    [/must be a step that/, 'chainProblem.returnTo'],
    [/must stay/, 'chainProblem.keyImmutable'],
  ];
  for (const [pattern, id, names] of rules) {
    const m = pattern.exec(message);
    if (m) {
      const values: Record<string, string> = {};
      (names ?? []).forEach((name, i) => (values[name] = m[i + 1]));
      return { id, values };
    }
  }
  return { id: 'chainProblem.invalid' };
}

/** A step's key from its names, as the API wants keys: lower-case words joined by dashes. */
export function suggestKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}
