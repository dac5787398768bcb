import { STEP_KEY_MAX_LENGTH, assigneeId, isStepKey } from './chain-definition';
import type { Assignee } from './chain-definition';
import {
  AssigneeSchema,
  DEFAULT_CALENDARS,
  ESCALATION_TARGETS,
  MAX_BUSINESS_DAYS,
  StepSchema,
  checkShape,
} from './chain-schema';
import type { ShapeReport } from './chain-schema';
import { ancestorsOf, findCycles } from './dependency-graph';
import type { ChainProblemCode, ChainProblemParams } from './chain-problems';
import type { DependencyGraph } from './dependency-graph';
// One parser for durations: the calendar that will compute with them must accept them.
import { isZeroDuration, parseIsoDuration } from '@puentes/business-calendar';

/** One thing wrong with a chain; `field` is the path of the offending value. */
export interface ChainProblem {
  step?: string;
  field: string;
  message: string;
  /** Set on every problem `validateChain` reports. */
  code?: ChainProblemCode;
  params?: ChainProblemParams;
}

/** Codes that exist in the app; a list that is not given is not checked. */
export interface KnownCodes {
  calendars?: string[];
  agencies?: string[];
  groups?: string[];
}

export { DEFAULT_CALENDARS, MAX_BUSINESS_DAYS };

const STEP_FIELDS = new Set(Object.keys(StepSchema.properties));

type Json = Record<string, unknown>;

/**
 * Checks a chain definition and returns every problem at once (an empty list means valid).
 * Accepts any value, so a raw request body can be passed as is; it never throws. The shape of
 * each step is checked against `StepSchema` (chain-schema.ts, the one declaration of a chain),
 * in the schema's own words; what a schema cannot say is checked here.
 *
 * Checked: a non-empty `steps`; keys present, well formed (`cbp-review`) and unique; both
 * languages of each name; `dependsOn` keys exist and form no cycle (the message names the
 * cycle in order); assignees non-empty, each exactly `{ agency }`, `{ technicalGroup }` or
 * `{ projectGroup: true }`, not repeated and (when `known` lists them) existing; `rule` and its quorum range;
 * conditions with exactly one operator; SLAs (`businessDays` 1..{@link MAX_BUSINESS_DAYS} on
 * a known calendar, or a `duration` > 0); reminder and escalation offsets ≥ 0; escalation
 * targets; `onReject.returnTo` naming a step this one depends on; and unknown fields. Each
 * problem carries a {@link ChainProblemCode} and its values, for clients to say it in words.
 *
 * @example
 * validateChain({ steps: [] });
 * // [{ field: 'steps', message: 'must list at least one step', code: 'no_steps' }]
 * validateChain(chain, { agencies: ['SRE', 'CBP'], groups: ['SON-AZ'] }); // [] when valid
 */
export function validateChain(definition: unknown, known: KnownCodes = {}): ChainProblem[] {
  const problems: ChainProblem[] = [];
  if (!isRecord(definition) || !Array.isArray(definition.steps)) {
    return [{ field: 'steps', message: 'must be an array of steps', code: 'shape' }];
  }
  const steps: unknown[] = definition.steps;
  if (steps.length === 0)
    return [{ field: 'steps', message: 'must list at least one step', code: 'no_steps' }];

  // The first step to use a key owns it; later duplicates are reported and left out of the graph.
  const indexOfKey = new Map<string, number>();
  steps.forEach((step, index) => {
    if (isRecord(step) && isNonEmptyString(step.key) && !indexOfKey.has(step.key)) {
      indexOfKey.set(step.key, index);
    }
  });
  const graph: DependencyGraph = new Map();
  for (const [key, index] of indexOfKey) {
    const dependsOn = (steps[index] as Json).dependsOn;
    graph.set(
      key,
      Array.isArray(dependsOn)
        ? dependsOn.filter((dependency): dependency is string => indexOfKey.has(dependency))
        : [],
    );
  }

  steps.forEach((step, index) => {
    const path = `steps[${index}]`;
    if (!isRecord(step)) {
      problems.push({ field: path, message: 'must be an object', code: 'shape' });
      return;
    }
    const key = isNonEmptyString(step.key) ? step.key : undefined;
    const report: Report = (field, message, code, params) => {
      problems.push({
        ...(key === undefined ? {} : { step: key }),
        field,
        message,
        code,
        ...(params === undefined ? {} : { params }),
      });
    };
    const owner = key !== undefined && indexOfKey.get(key) === index;

    // Each field's shape (chain-schema.ts), then what only this validator knows about it.
    const shape = (field: keyof typeof StepSchema.properties): boolean => {
      const schema = StepSchema.properties[field];
      if (step[field] !== undefined)
        return checkShape(schema, step[field], `${path}.${field}`, report);
      if ((StepSchema.required as string[]).includes(field) && !schema['x-semantic'])
        report(
          `${path}.${field}`,
          (schema['x-message'] as string | undefined) ?? 'is required',
          (schema['x-empty-code'] as ChainProblemCode | undefined) ?? 'required',
        );
      return false;
    };
    unknownFields(step, STEP_FIELDS, path, report);
    checkKey(step.key, index, indexOfKey, path, report);
    shape('name');
    shape('assignees');
    const assigneeCount = checkAssignees(step.assignees, known, `${path}.assignees`, report);
    shape('rule');
    checkQuorum(step.rule, assigneeCount, `${path}.rule`, report);
    shape('dependsOn');
    checkDependsOn(step.dependsOn, indexOfKey, `${path}.dependsOn`, report);
    shape('condition');
    checkCondition(step.condition, `${path}.condition`, report);
    shape('sla');
    checkSla(step.sla, known, `${path}.sla`, report);
    shape('reminders');
    checkReminders(step.reminders, `${path}.reminders`, report);
    shape('escalations');
    checkEscalations(step.escalations, `${path}.escalations`, report);
    shape('onReject');
    checkOnReject(
      step.onReject,
      owner ? key : undefined,
      graph,
      indexOfKey,
      `${path}.onReject`,
      report,
    );
  });

  for (const cycle of findCycles(graph, [...indexOfKey.keys()])) {
    const first = cycle[0];
    const index = indexOfKey.get(first)!;
    const dependsOn = (steps[index] as Json).dependsOn as unknown[];
    const next = cycle[1 % cycle.length];
    problems.push({
      step: first,
      field: `steps[${index}].dependsOn[${dependsOn.indexOf(next)}]`,
      message: `dependency cycle: ${[...cycle, first].join(' → ')} (each step depends on the next)`,
      code: 'cycle',
      params: { steps: [...cycle, first] },
    });
  }
  return problems;
}

/**
 * What an author may not write, though a stored chain that has it still runs: a condition
 * compared with empty or blank text (`equals: ''`, `notEquals: ' '`, `in: ['bridge', '']`), a
 * form sent before its value was written rather than a rule. Checked when a chain is written
 * or published, not when a workflow starts, so a version published before this check existed
 * keeps starting workflows. Same problem shape as {@link validateChain} (code `required`).
 *
 * @example
 * authoringProblems({ steps: [{ key: 'a', condition: { attribute: 'lanes', equals: '' } }] });
 * // [{ step: 'a', field: 'steps[0].condition.equals', message: 'must be non-empty text', code: 'required' }]
 */
export function authoringProblems(definition: unknown): ChainProblem[] {
  if (!isRecord(definition) || !Array.isArray(definition.steps)) return [];
  const problems: ChainProblem[] = [];
  const blank = (value: unknown) => typeof value === 'string' && value.trim() === '';
  definition.steps.forEach((step: unknown, index) => {
    if (!isRecord(step) || !isRecord(step.condition)) return;
    const condition = step.condition;
    const path = `steps[${index}].condition`;
    const report = (field: string) =>
      problems.push({
        ...(isNonEmptyString(step.key) ? { step: step.key } : {}),
        field,
        message: 'must be non-empty text',
        code: 'required',
      });
    for (const operator of ['equals', 'notEquals'])
      if (blank(condition[operator])) report(`${path}.${operator}`);
    if (Array.isArray(condition.in))
      condition.in.forEach((value: unknown, i) => {
        if (blank(value)) report(`${path}.in[${i}]`);
      });
  });
  return problems;
}

type Report = ShapeReport;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function unknownFields(value: Json, allowed: Set<string>, path: string, report: Report): void {
  for (const field of Object.keys(value)) {
    if (!allowed.has(field))
      report(`${path}.${field}`, 'is not a known field', 'unknown_field', { name: field });
  }
}

function checkKey(
  key: unknown,
  index: number,
  indexOfKey: Map<string, number>,
  path: string,
  report: Report,
): void {
  const field = `${path}.key`;
  if (!isNonEmptyString(key)) {
    report(field, 'is required', 'required');
  } else if (!isStepKey(key)) {
    report(
      field,
      `must be lowercase letters and digits in dash-separated words (e.g. cbp-review), at most ${STEP_KEY_MAX_LENGTH} characters`,
      'key_format',
      { max: STEP_KEY_MAX_LENGTH },
    );
  } else if (indexOfKey.get(key) !== index) {
    const owner = indexOfKey.get(key)!;
    report(field, `duplicate key '${key}' (already used by steps[${owner}])`, 'duplicate_key', {
      key,
      index: owner,
    });
  }
}

/** Known codes and repeats among the assignees whose shape is right (the schema reports the rest). */
function checkAssignees(
  assignees: unknown,
  known: KnownCodes,
  path: string,
  report: Report,
): number | null {
  if (!Array.isArray(assignees)) return null;
  const seen = new Set<string>();
  const silent = () => undefined;
  assignees.forEach((assignee: unknown, index) => {
    if (!checkShape(AssigneeSchema, assignee, '', silent)) return;
    const field = `${path}[${index}]`;
    // The project's own group is known only when a workflow starts (`resolveProjectGroup`).
    const kind = 'agency' in (assignee as Json) ? 'agency' : 'technicalGroup';
    const code = (assignee as Json)[kind] as string | undefined;
    const codes = kind === 'agency' ? known.agencies : known.groups;
    if (code !== undefined && codes !== undefined && !codes.includes(code)) {
      report(
        `${field}.${kind}`,
        `unknown ${kind === 'agency' ? 'agency' : 'technical group'} '${code}'`,
        kind === 'agency' ? 'unknown_agency' : 'unknown_group',
        { code },
      );
    }
    const id = assigneeId(assignee as Assignee);
    if (seen.has(id))
      report(field, `duplicate assignee ${id}`, 'duplicate_assignee', { assignee: id });
    seen.add(id);
  });
  return assignees.length;
}

function checkQuorum(
  rule: unknown,
  assigneeCount: number | null,
  path: string,
  report: Report,
): void {
  if (!isRecord(rule) || Object.keys(rule).length !== 1 || !('quorum' in rule)) return;
  const quorum = rule.quorum;
  const max = assigneeCount ?? 0;
  if (!Number.isInteger(quorum) || (quorum as number) < 1 || (quorum as number) > max) {
    report(
      `${path}.quorum`,
      max >= 1
        ? `must be a whole number from 1 to ${max} (the number of assignees)`
        : 'must be a whole number from 1 to the number of assignees',
      'range',
      max >= 1 ? { min: 1, max } : { min: 1 },
    );
  }
}

function checkDependsOn(
  dependsOn: unknown,
  indexOfKey: Map<string, number>,
  path: string,
  report: Report,
): void {
  if (!Array.isArray(dependsOn)) return;
  const seen = new Set<unknown>();
  dependsOn.forEach((dependency: unknown, index) => {
    const field = `${path}[${index}]`;
    if (typeof dependency !== 'string') return;
    if (!indexOfKey.has(dependency))
      report(field, `unknown step '${dependency}'`, 'unknown_step', { key: dependency });
    else if (seen.has(dependency))
      report(field, `'${dependency}' is listed twice`, 'listed_twice', { value: dependency });
    seen.add(dependency);
  });
}

function checkCondition(condition: unknown, path: string, report: Report): void {
  if (!isRecord(condition)) return;
  const operators = ['equals', 'notEquals', 'in'].filter((operator) => operator in condition);
  if (operators.length !== 1) {
    report(
      path,
      operators.length === 0
        ? 'needs one of equals, notEquals or in'
        : `must have only one of equals, notEquals or in (has ${operators.join(', ')})`,
      'condition_one',
      { operators },
    );
  }
}

function checkSla(sla: unknown, known: KnownCodes, path: string, report: Report): void {
  if (!isRecord(sla)) return;
  const businessDaysForm = 'businessDays' in sla || 'calendar' in sla;
  if (businessDaysForm === 'duration' in sla) return; // the schema named the two forms
  if (businessDaysForm) {
    const calendars = known.calendars ?? DEFAULT_CALENDARS;
    if (typeof sla.calendar !== 'string' || !calendars.includes(sla.calendar)) {
      report(`${path}.calendar`, `must be one of ${calendars.join(', ')}`, 'one_of', {
        values: [...calendars],
      });
    }
  } else {
    checkDuration(sla.duration, 'positive', `${path}.duration`, report);
  }
}

function checkDuration(
  value: unknown,
  bound: 'positive' | 'nonNegative',
  field: string,
  report: Report,
): void {
  const text = typeof value === 'string' ? value : '';
  const negative = text.startsWith('-');
  const parsed = parseDuration(negative ? text.slice(1) : text);
  if (parsed === null) {
    report(field, 'must be an ISO 8601 duration such as PT30S, P3D or P1DT2H', 'duration');
  } else if (negative) {
    report(field, 'must not be negative', 'negative');
  } else if (bound === 'positive' && isZeroDuration(parsed)) {
    report(field, 'must be longer than zero', 'positive');
  }
}

function parseDuration(text: string) {
  try {
    return parseIsoDuration(text);
  } catch {
    return null;
  }
}

function checkReminders(reminders: unknown, path: string, report: Report): void {
  if (!Array.isArray(reminders)) return;
  reminders.forEach((reminder: unknown, index) => {
    if (isRecord(reminder))
      checkDuration(reminder.before, 'nonNegative', `${path}[${index}].before`, report);
  });
}

function checkEscalations(escalations: unknown, path: string, report: Report): void {
  if (!Array.isArray(escalations)) return;
  escalations.forEach((escalation: unknown, index) => {
    if (!isRecord(escalation)) return;
    const field = `${path}[${index}]`;
    checkDuration(escalation.after, 'nonNegative', `${field}.after`, report);
    if (!Array.isArray(escalation.notify)) return;
    const seen = new Set<unknown>();
    escalation.notify.forEach((target: unknown, targetIndex) => {
      if (seen.has(target) && (ESCALATION_TARGETS as readonly unknown[]).includes(target)) {
        report(
          `${field}.notify[${targetIndex}]`,
          `'${String(target)}' is listed twice`,
          'listed_twice',
          {
            value: String(target),
          },
        );
      }
      seen.add(target);
    });
  });
}

function checkOnReject(
  onReject: unknown,
  key: string | undefined,
  graph: DependencyGraph,
  indexOfKey: Map<string, number>,
  path: string,
  report: Report,
): void {
  if (!isRecord(onReject) || Object.keys(onReject).length !== 1 || !('returnTo' in onReject))
    return;
  const target = onReject.returnTo;
  const field = `${path}.returnTo`;
  if (typeof target !== 'string' || !indexOfKey.has(target)) {
    report(field, `unknown step '${String(target)}'`, 'unknown_step', { key: String(target) });
  } else if (key !== undefined && (target === key || !ancestorsOf(graph, key).has(target))) {
    report(
      field,
      `must be a step that '${key}' depends on, directly or through other steps`,
      'return_to',
      { step: key },
    );
  }
}
