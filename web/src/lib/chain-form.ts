/**
 * The approval-chain editor's model, pure (no React, no DOM): the form's state for each step
 * (text fields kept as typed), its conversion to and from the API's `ChainStep`, and the
 * mapping of the API's validation problems (`errors[].field` such as `steps[2].sla.duration`)
 * to the step and the field of the form they name.
 */
import type { Schemas } from '../api/client';
import type { FieldProblem } from '../api/problem';
import type { Locale, MessageId } from '../i18n/i18n';

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
  /**
   * As typed: Yes or No (`Sí`, `true`, `false` too), a number, or text; for `in`, values
   * separated by commas.
   */
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

/**
 * The words a condition's value is a boolean by, in either language and any case, as the
 * project's page shows booleans ("Yes"/"No", "Sí"/"No"), and as the API writes them.
 */
const YES = ['yes', 'sí', 'si', 'true'];
const NO = ['no', 'false'];

/** `"Yes"`, `"sí"` or `"true"` → true, `"No"` → false, `"12"` → 12, anything else stays text (trimmed). */
export function parseValue(text: string): string | number | boolean {
  const t = text.trim();
  if (YES.includes(t.toLowerCase())) return true;
  if (NO.includes(t.toLowerCase())) return false;
  if (t !== '' && /^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

/** How a stored step's booleans are written in the form: the reader's Yes and No. */
export interface YesNo {
  yes: string;
  no: string;
}

const showValue = (value: unknown, words: YesNo) =>
  typeof value === 'boolean' ? (value ? words.yes : words.no) : String(value);

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

/**
 * The form of a stored step; a condition's booleans in `words` (the reader's "Yes" and "No",
 * which {@link parseValue} reads back).
 */
export function fromChainStep(step: ChainStep, words: YesNo = { yes: 'Yes', no: 'No' }): StepForm {
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
      form.conditionValue = step.condition.in.map((v) => showValue(v, words)).join(', ');
    } else if (step.condition.notEquals !== undefined) {
      form.conditionOp = 'notEquals';
      form.conditionValue = showValue(step.condition.notEquals, words);
    } else form.conditionValue = showValue(step.condition.equals, words);
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

/**
 * The steps the step `uid` runs after, directly or through others (its `dependsOn`, theirs…),
 * in the form's order: the steps a rejection of it may send the workflow back to, as the
 * service allows (`onReject.returnTo`). Never the step itself (nor one of its key), even when
 * a cycle leads back to it; never a step without a key.
 *
 * @example
 * // a ← b ← c, and d ← a in parallel with b: c may return to a or b, not to d.
 * returnTargets(steps, c.uid).map((s) => s.key); // ['a', 'b']
 */
export function returnTargets(steps: readonly StepForm[], uid: string): StepForm[] {
  const step = steps.find((s) => s.uid === uid);
  if (!step) return [];
  const ancestors = new Set<string>();
  const pending = [...step.dependsOn];
  while (pending.length) {
    const key = pending.pop()!;
    if (ancestors.has(key)) continue;
    ancestors.add(key);
    for (const s of steps) if (s.key === key) pending.push(...s.dependsOn);
  }
  return steps.filter(
    (s) => s.uid !== uid && s.key.trim() !== '' && s.key !== step.key && ancestors.has(s.key),
  );
}

export type ChainProblemCode = NonNullable<FieldProblem['code']>;

export interface LocatedProblem {
  /** The index of the step named, or null for the chain itself. */
  step: number | null;
  /** The part of the step (or of the chain: `key`, `name`, `steps`) it is listed under. */
  field: string;
  /**
   * The control it is about: the id of a step's control without its `step-<uid>-` prefix
   * (`nameEn`, `quorum`, `reminder-1`, `title` for the step as a whole), or a chain control's
   * id (`chain-nameEs`, `add-step`).
   */
  control: string;
  /** The id of the element its link focuses. */
  target: string;
  /** The path as the API gave it. */
  path: string;
  message: string;
  code?: ChainProblemCode;
  params?: FieldProblem['params'];
}

const STEP_PATH = /^steps\[(\d+)\](.*)$/;

/** The control of a step a problem's path (after `steps[i]`) is about. */
function stepControl(rest: string, step: StepForm | undefined, steps: StepForm[]) {
  const at = (pattern: RegExp) => pattern.exec(rest);
  const depOf = (key: string | undefined) => {
    const other = steps.find((s) => s !== step && key !== undefined && s.key === key);
    return other ? `dep-${other.uid}` : undefined;
  };
  let m: RegExpExecArray | null;
  if (rest === '') return { field: 'step', control: 'title' };
  if (at(/^\.key\b/)) return { field: 'key', control: 'key' };
  if ((m = at(/^\.name\.(en|es)\b/)))
    return { field: 'name', control: m[1] === 'en' ? 'nameEn' : 'nameEs' };
  if (at(/^\.name\b/)) return { field: 'name', control: 'nameEs' };
  if (at(/^\.assignees\b/)) return { field: 'assignees', control: 'assignee-pick' };
  if (at(/^\.rule\.quorum\b/)) return { field: 'rule', control: 'quorum' };
  if (at(/^\.rule\b/)) return { field: 'rule', control: `rule-${step?.rule ?? 'all'}` };
  if ((m = at(/^\.dependsOn(?:\[(\d+)\])?/))) {
    const named = m[1] === undefined ? undefined : step?.dependsOn[Number(m[1])];
    const control = depOf(named) ?? depOf(step?.dependsOn[0]) ?? 'title';
    return { field: 'dependsOn', control };
  }
  if (at(/^\.condition\.attribute\b/))
    return { field: 'condition', control: 'condition-attribute' };
  if (at(/^\.condition\.(equals|notEquals|in)\b/))
    return { field: 'condition', control: 'condition-value' };
  if (at(/^\.condition\b/))
    return {
      field: 'condition',
      control: step?.conditionOn ? 'condition-attribute' : 'condition-on',
    };
  if (at(/^\.sla\.businessDays\b/)) return { field: 'sla', control: 'sla-days' };
  if (at(/^\.sla\.calendar\b/))
    return { field: 'sla', control: `sla-calendar-${step?.calendar ?? 'binational'}` };
  if (at(/^\.sla\.duration\b/)) return { field: 'sla', control: 'sla-duration-value' };
  if (at(/^\.sla\b/)) return { field: 'sla', control: `sla-${step?.slaKind ?? 'none'}` };
  if ((m = at(/^\.reminders\[(\d+)\]/))) return { field: 'reminders', control: `reminder-${m[1]}` };
  if (at(/^\.reminders\b/)) return { field: 'reminders', control: 'reminder-0' };
  if ((m = at(/^\.escalations\[(\d+)\]\.notify(?:\[(\d+)\])?/))) {
    const notify = step?.escalations[Number(m[1])]?.notify ?? [];
    const target = m[2] === undefined ? undefined : notify[Number(m[2])];
    const known = (ESCALATION_TARGETS as string[]).includes(target ?? '');
    return {
      field: 'escalations',
      control: `esc-${m[1]}-${known ? target : ESCALATION_TARGETS[0]}`,
    };
  }
  if ((m = at(/^\.escalations\[(\d+)\]/)))
    return { field: 'escalations', control: `esc-${m[1]}-after` };
  if (at(/^\.escalations\b/)) return { field: 'escalations', control: 'esc-0-after' };
  if (at(/^\.onReject\b/)) return { field: 'onReject', control: 'onReject' };
  return { field: 'step', control: 'title' };
}

/** The control of the chain itself a problem's path is about. */
function chainControl(path: string) {
  if (/^name\.en\b/.test(path)) return { field: 'name', control: 'chain-nameEn' };
  if (/^name\b/.test(path)) return { field: 'name', control: 'chain-nameEs' };
  if (/^steps\b/.test(path)) return { field: 'steps', control: 'add-step' };
  return { field: path.split(/[.[]/, 1)[0] || 'key', control: 'chain-key' };
}

/**
 * Places each of the API's field errors on the step and the control of the form it names:
 * `steps[2].sla.duration` → step 2, the duration field; `steps[0].name.en` → step 0's English
 * name (not its Spanish one); `steps[1].rule.quorum` → the number of approvals; `name.es` → the
 * chain's Spanish name. `target` is the id of the element to focus.
 */
export function locateProblems(errors: FieldProblem[], form: ChainForm): LocatedProblem[] {
  return errors.map((e) => {
    const { code, params } = e;
    const m = STEP_PATH.exec(e.field);
    if (m) {
      const index = Number(m[1]);
      const step = form.steps[index];
      const { field, control } = stepControl(m[2], step, form.steps);
      return {
        step: index,
        field,
        control,
        target: step ? `step-${step.uid}-${control}` : 'add-step',
        path: e.field,
        message: e.message,
        code,
        params,
      };
    }
    const { field, control } = chainControl(e.field);
    return {
      step: null,
      field,
      control,
      target: control,
      path: e.field,
      message: e.message,
      code,
      params,
    };
  });
}

/**
 * The problems the form shows before the service is asked: a step whose "if rejected" returns
 * to a step it no longer runs after (its `dependsOn` changed since), on that field, naming the
 * step (`params.returnTo`). The service would refuse it as `return_to`; the editor says so as
 * soon as it happens rather than dropping the choice.
 */
export function formProblems(form: ChainForm): LocatedProblem[] {
  return form.steps.flatMap((step, index): LocatedProblem[] => {
    if (!step.returnTo) return [];
    if (returnTargets(form.steps, step.uid).some((s) => s.key === step.returnTo)) return [];
    return [
      {
        step: index,
        field: 'onReject',
        control: 'onReject',
        target: `step-${step.uid}-onReject`,
        path: `steps[${index}].onReject.returnTo`,
        message: `must be a step that '${step.key}' depends on, directly or through other steps`,
        code: 'return_to',
        params: { step: step.key, returnTo: step.returnTo },
      },
    ];
  });
}

/** The catalogue's words for each code of a chain problem. */
const PROBLEM_MESSAGES: Record<ChainProblemCode, MessageId> = {
  shape: 'chainProblem.invalid',
  required: 'chainProblem.required',
  unknown_field: 'chainProblem.unknownField',
  no_steps: 'chainProblem.noSteps',
  no_assignee: 'chainProblem.noAssignee',
  key_format: 'chainProblem.keyFormat',
  duplicate_key: 'chainProblem.duplicateKey',
  unknown_agency: 'chainProblem.unknownAgency',
  unknown_group: 'chainProblem.unknownGroup',
  duplicate_assignee: 'chainProblem.duplicateAssignee',
  range: 'chainProblem.range',
  unknown_step: 'chainProblem.unknownStep',
  listed_twice: 'chainProblem.listedTwice',
  cycle: 'chainProblem.cycle',
  condition_one: 'chainProblem.conditionOne',
  one_of: 'chainProblem.oneOf',
  duration: 'chainProblem.duration',
  negative: 'chainProblem.negative',
  positive: 'chainProblem.positive',
  notify_one: 'chainProblem.notifyOne',
  return_to: 'chainProblem.returnTo',
  key_immutable: 'chainProblem.keyImmutable',
};

/**
 * What a chain problem says, as a message of the catalogue and its values, from its `code` and
 * `params` (the API's `message` is English for developers). `nameOf` gives a step's name in
 * the reader's language from its key, for the steps of a cycle. A problem without a code (an
 * older service) is "this value is not accepted".
 *
 * @example
 * describeProblem({ code: 'range', params: { min: 1, max: 3 } });
 * // { id: 'chainProblem.range', values: { min: 1, max: 3 } }
 */
export function describeProblem(
  problem: Pick<LocatedProblem, 'code' | 'params'>,
  nameOf: (key: string) => string = (key) => key,
): { id: MessageId; values: Record<string, string | number> } {
  const params = problem.params ?? {};
  const text = (name: string) => {
    const value = params[name];
    return Array.isArray(value) ? value.join(', ') : value === undefined ? '' : String(value);
  };
  switch (problem.code) {
    case undefined:
      return { id: 'chainProblem.invalid', values: {} };
    case 'range':
      return typeof params.max === 'number'
        ? { id: 'chainProblem.range', values: { min: Number(params.min ?? 1), max: params.max } }
        : { id: 'chainProblem.rangeAssignees', values: { min: Number(params.min ?? 1) } };
    case 'cycle': {
      const steps = Array.isArray(params.steps) ? params.steps : [];
      return { id: 'chainProblem.cycle', values: { path: steps.map(nameOf).join(' → ') } };
    }
    case 'duplicate_key':
    case 'unknown_step':
    case 'key_immutable':
      return { id: PROBLEM_MESSAGES[problem.code], values: { key: text('key') } };
    case 'unknown_agency':
    case 'unknown_group':
      return { id: PROBLEM_MESSAGES[problem.code], values: { code: text('code') } };
    case 'unknown_field':
      return { id: 'chainProblem.unknownField', values: { name: text('name') } };
    case 'return_to':
      // The editor's own check names the step returned to; the service's does not.
      return params.returnTo === undefined
        ? { id: 'chainProblem.returnTo', values: {} }
        : { id: 'chainProblem.returnToNamed', values: { name: nameOf(text('returnTo')) } };
    case 'listed_twice':
      return { id: 'chainProblem.listedTwice', values: { value: text('value') } };
    case 'one_of':
      return { id: 'chainProblem.oneOf', values: { values: text('values') } };
    case 'key_format':
      return { id: 'chainProblem.keyFormat', values: { max: Number(params.max ?? 64) } };
    default:
      return { id: PROBLEM_MESSAGES[problem.code] ?? 'chainProblem.invalid', values: {} };
  }
}

/**
 * What the editor calls a step (its title, the steps it runs after, its problems): its name in
 * the reader's language (`locale`), else in the other one, else its key; `''` while it has none.
 *
 * @example
 * stepName({ nameEn: 'Customs review', nameEs: 'Revisión aduanal', key: 'customs' }, 'es');
 * // 'Revisión aduanal'
 */
export function stepName(
  step: Pick<StepForm, 'nameEn' | 'nameEs' | 'key'>,
  locale: Locale,
): string {
  const [mine, other] = locale === 'es' ? [step.nameEs, step.nameEn] : [step.nameEn, step.nameEs];
  return mine.trim() || other.trim() || step.key.trim();
}

/** The catalogue's words for a project attribute are the message `project.attribute.<key>`. */
export const ATTRIBUTE_MESSAGE = 'project.attribute.';

/**
 * The project attributes the catalogue has words for, from its message ids (those named
 * `project.attribute.<key>`), in order: the keys a condition's attribute field suggests.
 */
export function knownAttributes(ids: Iterable<string>): string[] {
  return [...ids]
    .filter((id) => id.startsWith(ATTRIBUTE_MESSAGE) && id.length > ATTRIBUTE_MESSAGE.length)
    .map((id) => id.slice(ATTRIBUTE_MESSAGE.length))
    .sort();
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
