import { ESCALATION_TARGETS, STEP_KEY_MAX_LENGTH, assigneeId, isStepKey } from './chain-definition';
import type { Assignee } from './chain-definition';
import { ancestorsOf, findCycles } from './dependency-graph';
import type { DependencyGraph } from './dependency-graph';
// One parser for durations: the calendar that will compute with them must accept them.
import { isZeroDuration, parseIsoDuration } from '@puentes/business-calendar';

/** One thing wrong with a chain; `field` is the path of the offending value. */
export interface ChainProblem {
  step?: string;
  field: string;
  message: string;
}

/** Codes that exist in the app; a list that is not given is not checked. */
export interface KnownCodes {
  calendars?: string[];
  agencies?: string[];
  groups?: string[];
}

export const DEFAULT_CALENDARS: readonly string[] = ['MX', 'US', 'binational'];

/** Kept well below what a business-calendar walk can do in a request. */
export const MAX_BUSINESS_DAYS = 1000;

const STEP_FIELDS = new Set([
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
]);

type Json = Record<string, unknown>;

/**
 * Checks a chain definition and returns every problem at once (an empty list means valid).
 * Accepts any value, so a raw request body can be passed as is; it never throws.
 *
 * Checked: a non-empty `steps`; keys present, well formed (`cbp-review`) and unique; both
 * languages of each name; `dependsOn` keys exist and form no cycle (the message names the
 * cycle in order); assignees non-empty, each exactly `{ agency }` or `{ technicalGroup }`,
 * not repeated and (when `known` lists them) existing; `rule` and its quorum range;
 * conditions with exactly one operator; SLAs (`businessDays` 1..{@link MAX_BUSINESS_DAYS} on
 * a known calendar, or a `duration` > 0); reminder and escalation offsets ≥ 0; escalation
 * targets; `onReject.returnTo` naming a step this one depends on; and unknown fields.
 *
 * @example
 * validateChain({ steps: [] });
 * // [{ field: 'steps', message: 'must list at least one step' }]
 * validateChain(chain, { agencies: ['SRE', 'CBP'], groups: ['SON-AZ'] }); // [] when valid
 */
export function validateChain(definition: unknown, known: KnownCodes = {}): ChainProblem[] {
  const problems: ChainProblem[] = [];
  if (!isRecord(definition) || !Array.isArray(definition.steps)) {
    return [{ field: 'steps', message: 'must be an array of steps' }];
  }
  const steps: unknown[] = definition.steps;
  if (steps.length === 0) return [{ field: 'steps', message: 'must list at least one step' }];

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
      problems.push({ field: path, message: 'must be an object' });
      return;
    }
    const key = isNonEmptyString(step.key) ? step.key : undefined;
    const report = (field: string, message: string): void => {
      problems.push(key === undefined ? { field, message } : { step: key, field, message });
    };
    const owner = key !== undefined && indexOfKey.get(key) === index;

    unknownFields(step, STEP_FIELDS, path, report);
    checkKey(step.key, index, indexOfKey, path, report);
    checkName(step.name, `${path}.name`, report);
    const assigneeCount = checkAssignees(step.assignees, known, `${path}.assignees`, report);
    checkRule(step.rule, assigneeCount, `${path}.rule`, report);
    checkDependsOn(step.dependsOn, indexOfKey, `${path}.dependsOn`, report);
    if (step.condition !== undefined) checkCondition(step.condition, `${path}.condition`, report);
    if (step.sla !== undefined) checkSla(step.sla, known, `${path}.sla`, report);
    checkReminders(step.reminders, `${path}.reminders`, report);
    checkEscalations(step.escalations, `${path}.escalations`, report);
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
    });
  }
  return problems;
}

type Report = (field: string, message: string) => void;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isScalar(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function unknownFields(value: Json, allowed: Set<string>, path: string, report: Report): void {
  for (const field of Object.keys(value)) {
    if (!allowed.has(field)) report(`${path}.${field}`, 'is not a known field');
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
    report(field, 'is required');
  } else if (!isStepKey(key)) {
    report(
      field,
      `must be lowercase letters and digits in dash-separated words (e.g. cbp-review), at most ${STEP_KEY_MAX_LENGTH} characters`,
    );
  } else if (indexOfKey.get(key) !== index) {
    report(field, `duplicate key '${key}' (already used by steps[${indexOfKey.get(key)}])`);
  }
}

function checkName(name: unknown, path: string, report: Report): void {
  if (!isRecord(name)) {
    report(path, 'must be an object { en, es }');
    return;
  }
  unknownFields(name, new Set(['en', 'es']), path, report);
  for (const language of ['en', 'es']) {
    if (!isNonEmptyString(name[language])) report(`${path}.${language}`, 'must be non-empty text');
  }
}

/** Returns the number of assignees listed (valid or not), or null when there is no list. */
function checkAssignees(
  assignees: unknown,
  known: KnownCodes,
  path: string,
  report: Report,
): number | null {
  if (!Array.isArray(assignees)) {
    report(path, 'must be an array of assignees');
    return null;
  }
  if (assignees.length === 0) report(path, 'must list at least one assignee');
  const seen = new Set<string>();
  assignees.forEach((assignee: unknown, index) => {
    const field = `${path}[${index}]`;
    const fields = isRecord(assignee) ? Object.keys(assignee) : [];
    if (
      !isRecord(assignee) ||
      fields.length !== 1 ||
      (fields[0] !== 'agency' && fields[0] !== 'technicalGroup')
    ) {
      report(field, 'must be exactly { agency: code } or { technicalGroup: code }');
      return;
    }
    const kind = fields[0];
    const code = assignee[kind];
    if (!isNonEmptyString(code)) {
      report(`${field}.${kind}`, 'must be a non-empty code');
      return;
    }
    const codes = kind === 'agency' ? known.agencies : known.groups;
    if (codes !== undefined && !codes.includes(code)) {
      report(
        `${field}.${kind}`,
        `unknown ${kind === 'agency' ? 'agency' : 'technical group'} '${code}'`,
      );
    }
    const id = assigneeId(assignee as Assignee);
    if (seen.has(id)) report(field, `duplicate assignee ${id}`);
    seen.add(id);
  });
  return assignees.length;
}

function checkRule(
  rule: unknown,
  assigneeCount: number | null,
  path: string,
  report: Report,
): void {
  if (rule === undefined || rule === 'all' || rule === 'any') return;
  if (!isRecord(rule) || Object.keys(rule).length !== 1 || !('quorum' in rule)) {
    report(path, "must be 'all', 'any' or { quorum: n }");
    return;
  }
  const quorum = rule.quorum;
  const max = assigneeCount ?? 0;
  if (!Number.isInteger(quorum) || (quorum as number) < 1 || (quorum as number) > max) {
    report(
      `${path}.quorum`,
      max >= 1
        ? `must be a whole number from 1 to ${max} (the number of assignees)`
        : 'must be a whole number from 1 to the number of assignees',
    );
  }
}

function checkDependsOn(
  dependsOn: unknown,
  indexOfKey: Map<string, number>,
  path: string,
  report: Report,
): void {
  if (dependsOn === undefined) return;
  if (!Array.isArray(dependsOn)) {
    report(path, 'must be an array of step keys');
    return;
  }
  const seen = new Set<unknown>();
  dependsOn.forEach((dependency: unknown, index) => {
    const field = `${path}[${index}]`;
    if (typeof dependency !== 'string') report(field, 'must be a step key');
    else if (!indexOfKey.has(dependency)) report(field, `unknown step '${dependency}'`);
    else if (seen.has(dependency)) report(field, `'${dependency}' is listed twice`);
    seen.add(dependency);
  });
}

function checkCondition(condition: unknown, path: string, report: Report): void {
  if (!isRecord(condition)) {
    report(path, 'must be an object { attribute, equals | notEquals | in }');
    return;
  }
  unknownFields(condition, new Set(['attribute', 'equals', 'notEquals', 'in']), path, report);
  if (!isNonEmptyString(condition.attribute)) report(`${path}.attribute`, 'must be non-empty text');
  const operators = ['equals', 'notEquals', 'in'].filter((operator) => operator in condition);
  if (operators.length !== 1) {
    report(
      path,
      operators.length === 0
        ? 'needs one of equals, notEquals or in'
        : `must have only one of equals, notEquals or in (has ${operators.join(', ')})`,
    );
  }
  for (const operator of ['equals', 'notEquals']) {
    if (operator in condition && !isScalar(condition[operator])) {
      report(`${path}.${operator}`, 'must be a string, a number or a boolean');
    }
  }
  if ('in' in condition) {
    const values = condition.in;
    if (!Array.isArray(values)) report(`${path}.in`, 'must be an array of values');
    else if (values.length === 0) report(`${path}.in`, 'must list at least one value');
    else
      values.forEach((value: unknown, index) => {
        if (!isScalar(value))
          report(`${path}.in[${index}]`, 'must be a string, a number or a boolean');
      });
  }
}

function checkSla(sla: unknown, known: KnownCodes, path: string, report: Report): void {
  const shape = 'must be either { businessDays, calendar } or { duration }';
  if (!isRecord(sla)) {
    report(path, shape);
    return;
  }
  const businessDaysForm = 'businessDays' in sla || 'calendar' in sla;
  if (businessDaysForm === 'duration' in sla) {
    report(path, shape);
    return;
  }
  if (businessDaysForm) {
    unknownFields(sla, new Set(['businessDays', 'calendar']), path, report);
    const days = sla.businessDays;
    if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > MAX_BUSINESS_DAYS) {
      report(`${path}.businessDays`, `must be a whole number from 1 to ${MAX_BUSINESS_DAYS}`);
    }
    const calendars = known.calendars ?? DEFAULT_CALENDARS;
    if (typeof sla.calendar !== 'string' || !calendars.includes(sla.calendar)) {
      report(`${path}.calendar`, `must be one of ${calendars.join(', ')}`);
    }
  } else {
    unknownFields(sla, new Set(['duration']), path, report);
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
    report(field, 'must be an ISO 8601 duration such as PT30S, P3D or P1DT2H');
  } else if (negative) {
    report(field, 'must not be negative');
  } else if (bound === 'positive' && isZeroDuration(parsed)) {
    report(field, 'must be longer than zero');
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
  if (reminders === undefined) return;
  if (!Array.isArray(reminders)) {
    report(path, 'must be an array of { before }');
    return;
  }
  reminders.forEach((reminder: unknown, index) => {
    const field = `${path}[${index}]`;
    if (!isRecord(reminder)) {
      report(field, 'must be an object { before }');
      return;
    }
    unknownFields(reminder, new Set(['before']), field, report);
    checkDuration(reminder.before, 'nonNegative', `${field}.before`, report);
  });
}

function checkEscalations(escalations: unknown, path: string, report: Report): void {
  if (escalations === undefined) return;
  if (!Array.isArray(escalations)) {
    report(path, 'must be an array of { after, notify }');
    return;
  }
  escalations.forEach((escalation: unknown, index) => {
    const field = `${path}[${index}]`;
    if (!isRecord(escalation)) {
      report(field, 'must be an object { after, notify }');
      return;
    }
    unknownFields(escalation, new Set(['after', 'notify']), field, report);
    checkDuration(escalation.after, 'nonNegative', `${field}.after`, report);
    const notify = escalation.notify;
    if (!Array.isArray(notify) || notify.length === 0) {
      report(`${field}.notify`, `must list at least one of ${ESCALATION_TARGETS.join(', ')}`);
      return;
    }
    const seen = new Set<unknown>();
    notify.forEach((target: unknown, targetIndex) => {
      const targetField = `${field}.notify[${targetIndex}]`;
      if (!(ESCALATION_TARGETS as readonly unknown[]).includes(target)) {
        report(targetField, `must be one of ${ESCALATION_TARGETS.join(', ')}`);
      } else if (seen.has(target)) {
        report(targetField, `'${String(target)}' is listed twice`);
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
  if (onReject === undefined || onReject === 'end') return;
  if (!isRecord(onReject) || Object.keys(onReject).length !== 1 || !('returnTo' in onReject)) {
    report(path, "must be 'end' or { returnTo: step-key }");
    return;
  }
  const target = onReject.returnTo;
  const field = `${path}.returnTo`;
  if (typeof target !== 'string' || !indexOfKey.has(target)) {
    report(field, `unknown step '${String(target)}'`);
  } else if (key !== undefined && (target === key || !ancestorsOf(graph, key).has(target))) {
    report(field, `must be a step that '${key}' depends on, directly or through other steps`);
  }
}
