import type { Assignee, AttributeValue, ChainDefinition } from './chain-schema';
import { STEP_KEY_MAX_LENGTH, STEP_KEY_PATTERN } from './chain-schema';

// The chain's types come from its one declaration, the schemas of chain-schema.ts.
export type {
  Assignee,
  AttributeValue,
  Bilingual,
  ChainDefinition,
  Condition,
  Escalation,
  EscalationTarget,
  OnReject,
  Reminder,
  Rule,
  Sla,
  StepDefinition,
} from './chain-schema';
export { ESCALATION_TARGETS, STEP_KEY_MAX_LENGTH, STEP_KEY_PATTERN } from './chain-schema';

/**
 * Whether `value` is a well-formed step (or chain) key: lowercase letters and digits in
 * dash-separated words, at most {@link STEP_KEY_MAX_LENGTH} characters.
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

/** An assignee a running workflow can carry: an agency or a technical group by code. */
export type ResolvedAssignee = Exclude<Assignee, { projectGroup: true }>;

/** Project attributes as snapshotted when a workflow starts. */
export type Attributes = Record<string, AttributeValue>;

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
 * assigneeId({ projectGroup: true }); // 'project-group' (resolve the chain first)
 */
export function assigneeId(assignee: Assignee): string {
  if ('agency' in assignee) return `agency:${assignee.agency}`;
  if ('technicalGroup' in assignee) return `group:${assignee.technicalGroup}`;
  return PROJECT_GROUP_ID;
}

/**
 * The id of a `{ projectGroup: true }` assignee before it is resolved (see
 * {@link resolveProjectGroup}); a running workflow never carries it, only `group:<code>`.
 */
export const PROJECT_GROUP_ID = 'project-group';

/**
 * Where a chain names the project's own technical group: each `{ projectGroup: true }`
 * assignee's step key and `field` path (`steps[0].assignees[0]`), in definition order.
 *
 * @example
 * projectGroupAssignees(chain); // [{ step: 'regional-priority', field: 'steps[0].assignees[0]' }]
 */
export function projectGroupAssignees(
  definition: ChainDefinition,
): { step: string; field: string }[] {
  return definition.steps.flatMap((step, index) =>
    step.assignees.flatMap((assignee, position) =>
      'projectGroup' in assignee
        ? [{ step: step.key, field: `steps[${index}].assignees[${position}]` }]
        : [],
    ),
  );
}

/**
 * The chain as a workflow on a project of group `groupCode` runs it: every
 * `{ projectGroup: true }` assignee becomes `{ technicalGroup: groupCode }`; nothing else
 * changes, and a chain without such assignees is returned as is (so resolving twice is
 * harmless). With `groupCode` null, a chain that names the project group is returned unchanged:
 * `start` refuses it (`PROJECT_GROUP_MISSING`).
 *
 * @example
 * resolveProjectGroup(chain, 'BC-CA').steps[0].assignees; // [{ technicalGroup: 'BC-CA' }]
 */
export function resolveProjectGroup(
  definition: ChainDefinition,
  groupCode: string | null | undefined,
): ChainDefinition {
  if (!groupCode || projectGroupAssignees(definition).length === 0) return definition;
  return {
    ...definition,
    steps: definition.steps.map((step) =>
      step.assignees.some((assignee) => 'projectGroup' in assignee)
        ? {
            ...step,
            assignees: step.assignees.map((assignee) =>
              'projectGroup' in assignee ? { technicalGroup: groupCode } : assignee,
            ),
          }
        : step,
    ),
  };
}

/**
 * The assignee behind an id made by {@link assigneeId}, or null when it is not one.
 *
 * @example
 * parseAssigneeId('group:SON-AZ'); // { technicalGroup: 'SON-AZ' }
 * parseAssigneeId('CBP'); // null
 */
export function parseAssigneeId(id: string): ResolvedAssignee | null {
  const match = /^(agency|group):(.+)$/.exec(id);
  if (!match) return null;
  return match[1] === 'agency' ? { agency: match[2] } : { technicalGroup: match[2] };
}

/**
 * The seats that sign for an assignee, in signing-independent order.
 *
 * @example
 * seatsOf({ agency: 'SRE' }); // ['agency']
 * seatsOf({ technicalGroup: 'JRZ-ELP' }); // ['mx', 'us'] (so does { projectGroup: true })
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
