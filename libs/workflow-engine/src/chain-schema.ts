import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { ChainProblemCode, ChainProblemParams } from './chain-problems';

/*
 * The shape of an approval chain, declared once. From these schemas come the TypeScript types
 * (`Static<…>`, re-exported by chain-definition.ts), the structural half of `validateChain`
 * (`checkShape` below walks them), and the OpenAPI description of a chain's steps (the app
 * publishes them as JSON Schema). The semantic half of the validator (unique keys, known
 * codes, the dependency graph, quorum against the number of assignees, ISO durations) stays in
 * validate-chain.ts, with its messages.
 *
 * Extension keywords (OpenAPI allows `x-` keys in a schema; the published document leaves them
 * out) carry the validator's words and codes:
 * - `x-message`: what to say when the value at this node has the wrong shape (or is missing);
 * - `x-code`, `x-params`: the problem's code (`ChainProblemCode`, default `shape`) and its values;
 * - `x-empty-message`, `x-empty-code`: what to say, and the code, when an array is shorter than
 *   its `minItems` (the code also when it is missing altogether);
 * - `x-semantic`: the node is checked by validate-chain.ts, which has more to say about it.
 */

/** The shape of a step key, and of a chain key: `cbp-review`. */
export const STEP_KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const STEP_KEY_MAX_LENGTH = 64;

/** Kept well below what a business-calendar walk can do in a request. */
export const MAX_BUSINESS_DAYS = 1000;

export const DEFAULT_CALENDARS: readonly string[] = ['MX', 'US', 'binational'];

export const ESCALATION_TARGETS = ['coordinator', 'admin', 'agency', 'group_chairs'] as const;

const NON_EMPTY_TEXT = {
  pattern: '\\S',
  'x-message': 'must be non-empty text',
  'x-code': 'required',
} as const;

export const BilingualSchema = Type.Object(
  {
    en: Type.String({ ...NON_EMPTY_TEXT, example: 'CBP operational review' }),
    es: Type.String({ ...NON_EMPTY_TEXT, example: 'Revisión operativa de CBP' }),
  },
  {
    additionalProperties: false,
    description: 'Text shown to people on both sides of the border; both languages are required',
    'x-message': 'must be an object { en, es }',
  },
);

const code = (example: string) =>
  Type.String({
    pattern: '\\S',
    example,
    'x-message': 'must be a non-empty code',
    'x-code': 'required',
  });

export const AssigneeSchema = Type.Union(
  [
    Type.Object({ agency: code('CBP') }, { additionalProperties: false }),
    Type.Object({ technicalGroup: code('SON-AZ') }, { additionalProperties: false }),
    Type.Object(
      {
        projectGroup: Type.Literal(true, {
          description: "The technical group that owns the workflow's project",
          'x-message': 'must be true',
        }),
      },
      { additionalProperties: false },
    ),
  ],
  {
    description:
      "One decision per assignee: an agency (any of its approvers), a technical group (both co-chairs), or the project's own technical group (`{ projectGroup: true }`, resolved when a workflow starts)",
    'x-message':
      'must be exactly { agency: code }, { technicalGroup: code } or { projectGroup: true }',
    'x-exact': true,
  },
);

export const RuleSchema = Type.Union(
  [
    Type.Literal('all'),
    Type.Literal('any'),
    Type.Object(
      { quorum: Type.Integer({ minimum: 1, 'x-semantic': true }) },
      { additionalProperties: false },
    ),
  ],
  {
    description: '`all` (default), `any`, or `{ quorum: n }` approvals of the assignees',
    'x-message': "must be 'all', 'any' or { quorum: n }",
    'x-exact': true,
  },
);

const SCALAR = 'must be a string, a number or a boolean';

export const AttributeValueSchema = Type.Union([Type.String(), Type.Number(), Type.Boolean()], {
  'x-message': SCALAR,
});

export const ConditionSchema = Type.Object(
  {
    attribute: Type.String({ ...NON_EMPTY_TEXT, description: 'The project attribute' }),
    equals: Type.Optional(AttributeValueSchema),
    notEquals: Type.Optional(AttributeValueSchema),
    in: Type.Optional(
      Type.Array(AttributeValueSchema, {
        minItems: 1,
        'x-message': 'must be an array of values',
        'x-empty-message': 'must list at least one value',
        'x-empty-code': 'required',
      }),
    ),
  },
  {
    additionalProperties: false,
    description:
      'The step runs only when the project attribute matches; exactly one of equals, notEquals, in',
    'x-message': 'must be an object { attribute, equals | notEquals | in }',
  },
);

/** An ISO 8601 duration; its syntax and sign are checked by the business calendar's parser. */
const duration = (example: string, description: string) =>
  Type.String({ example, description, 'x-semantic': true });

export const SlaSchema = Type.Union(
  [
    Type.Object(
      {
        businessDays: Type.Integer({
          minimum: 1,
          maximum: MAX_BUSINESS_DAYS,
          'x-message': `must be a whole number from 1 to ${MAX_BUSINESS_DAYS}`,
          'x-code': 'range',
          'x-params': { min: 1, max: MAX_BUSINESS_DAYS },
        }),
        // A string, not a literal union: the calendars a caller knows are checked semantically.
        calendar: Type.String({ enum: [...DEFAULT_CALENDARS], 'x-semantic': true }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      { duration: duration('PT30S', 'Plain elapsed time from activation, > 0') },
      { additionalProperties: false },
    ),
  ],
  {
    description: 'Working days of a calendar, or plain elapsed time from activation',
    'x-message': 'must be either { businessDays, calendar } or { duration }',
  },
);

export const ReminderSchema = Type.Object(
  { before: duration('P3D', 'ISO 8601 duration before dueAt, ≥ 0') },
  { additionalProperties: false, 'x-message': 'must be an object { before }' },
);

const TARGETS = ESCALATION_TARGETS.join(', ');

export const EscalationSchema = Type.Object(
  {
    after: duration('P2D', 'ISO 8601 duration after dueAt, ≥ 0'),
    notify: Type.Array(
      Type.Union(
        [
          Type.Literal('coordinator'),
          Type.Literal('admin'),
          Type.Literal('agency'),
          Type.Literal('group_chairs'),
        ],
        {
          'x-message': `must be one of ${TARGETS}`,
          'x-code': 'one_of',
          'x-params': { values: [...ESCALATION_TARGETS] },
        },
      ),
      {
        minItems: 1,
        'x-message': `must list at least one of ${TARGETS}`,
        'x-code': 'notify_one',
        'x-params': { values: [...ESCALATION_TARGETS] },
        'x-empty-message': `must list at least one of ${TARGETS}`,
        'x-empty-code': 'notify_one',
      },
    ),
  },
  { additionalProperties: false, 'x-message': 'must be an object { after, notify }' },
);

export const OnRejectSchema = Type.Union(
  [
    Type.Literal('end'),
    Type.Object(
      { returnTo: Type.String({ 'x-semantic': true, description: 'An earlier step’s key' }) },
      { additionalProperties: false },
    ),
  ],
  {
    description: '`end` (default) or `{ returnTo: stepKey }`',
    'x-message': "must be 'end' or { returnTo: step-key }",
    'x-exact': true,
  },
);

export const StepSchema = Type.Object(
  {
    key: Type.String({
      pattern: STEP_KEY_PATTERN.source,
      maxLength: STEP_KEY_MAX_LENGTH,
      example: 'cbp-review',
      description: 'Unique in the chain',
      'x-semantic': true,
    }),
    name: BilingualSchema,
    assignees: Type.Array(AssigneeSchema, {
      minItems: 1,
      'x-message': 'must be an array of assignees',
      'x-empty-message': 'must list at least one assignee',
      'x-empty-code': 'no_assignee',
    }),
    rule: Type.Optional(RuleSchema),
    dependsOn: Type.Optional(
      Type.Array(Type.String({ 'x-message': 'must be a step key' }), {
        description: 'Keys of steps approved (or skipped) first',
        'x-message': 'must be an array of step keys',
      }),
    ),
    condition: Type.Optional(ConditionSchema),
    sla: Type.Optional(SlaSchema),
    reminders: Type.Optional(
      Type.Array(ReminderSchema, { 'x-message': 'must be an array of { before }' }),
    ),
    escalations: Type.Optional(
      Type.Array(EscalationSchema, { 'x-message': 'must be an array of { after, notify }' }),
    ),
    onReject: Type.Optional(OnRejectSchema),
  },
  { additionalProperties: false, 'x-message': 'must be an object' },
);

export const ChainDefinitionSchema = Type.Object(
  { steps: Type.Array(StepSchema, { minItems: 1 }) },
  { additionalProperties: false },
);

export type Bilingual = Static<typeof BilingualSchema>;
export type Assignee = Static<typeof AssigneeSchema>;
export type Rule = Static<typeof RuleSchema>;
export type AttributeValue = Static<typeof AttributeValueSchema>;
export type Condition = Static<typeof ConditionSchema>;
export type Sla = Static<typeof SlaSchema>;
export type Reminder = Static<typeof ReminderSchema>;
export type Escalation = Static<typeof EscalationSchema>;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];
export type OnReject = Static<typeof OnRejectSchema>;
export type StepDefinition = Static<typeof StepSchema>;
export type ChainDefinition = Static<typeof ChainDefinitionSchema>;

type Node = TSchema & {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: Node[];
  items?: Node;
  properties?: Record<string, Node>;
  required?: string[];
  additionalProperties?: boolean;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  maxLength?: number;
  'x-message'?: string;
  'x-code'?: ChainProblemCode;
  'x-params'?: ChainProblemParams;
  'x-empty-message'?: string;
  'x-empty-code'?: ChainProblemCode;
  'x-semantic'?: boolean;
  'x-exact'?: boolean;
};

/** Where a problem is, what to say about it, and its code (with the values it speaks of). */
export type ShapeReport = (
  field: string,
  message: string,
  code: ChainProblemCode,
  params?: ChainProblemParams,
) => void;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks `value` against one of the schemas above and reports every structural problem, each
 * with the path of the offending value, the schema's own words (`x-message`) and its code
 * (`x-code`; `required` for a missing field, `unknown_field` for one the schema does not
 * have). Nodes marked `x-semantic` are left to the caller. Returns whether the value has the
 * schema's shape.
 *
 * Of a union of objects, the variant the value's keys point to is checked in depth (so
 * `{ duration: 'P' }` is reported at `.duration`); with `x-exact`, or when no single variant
 * fits, the union's own message is reported once.
 *
 * @example
 * checkShape(BilingualSchema, { en: 'x' }, 'name', report);
 * // report('name.es', 'must be non-empty text', 'required')
 */
export function checkShape(
  schema: TSchema,
  value: unknown,
  path: string,
  report: ShapeReport,
): boolean {
  const node = schema as Node;
  if (node['x-semantic']) return true;
  const wrong = (message = 'has the wrong type') => {
    report(path, node['x-message'] ?? message, node['x-code'] ?? 'shape', node['x-params']);
    return false;
  };
  if (node.anyOf) return checkUnion(node, value, path, report);
  if (node.const !== undefined) return value === node.const || wrong();
  if (node.enum) return node.enum.includes(value) || wrong();
  switch (node.type) {
    case 'string':
      return (
        (typeof value === 'string' &&
          (node.pattern === undefined || new RegExp(node.pattern).test(value)) &&
          (node.maxLength === undefined || value.length <= node.maxLength)) ||
        wrong()
      );
    case 'number':
      return (typeof value === 'number' && Number.isFinite(value)) || wrong();
    case 'integer':
      return (
        (Number.isInteger(value) &&
          (node.minimum === undefined || (value as number) >= node.minimum) &&
          (node.maximum === undefined || (value as number) <= node.maximum)) ||
        wrong()
      );
    case 'boolean':
      return typeof value === 'boolean' || wrong();
    case 'array': {
      if (!Array.isArray(value)) return wrong();
      if (node.minItems !== undefined && value.length < node.minItems) {
        report(
          path,
          node['x-empty-message'] ?? `must list at least ${node.minItems}`,
          node['x-empty-code'] ?? 'required',
        );
        return false;
      }
      let ok = true;
      value.forEach((item: unknown, index) => {
        ok = checkShape(node.items!, item, `${path}[${index}]`, report) && ok;
      });
      return ok;
    }
    case 'object': {
      if (!isRecord(value)) return wrong();
      let ok = true;
      const properties = node.properties ?? {};
      if (node.additionalProperties === false) {
        for (const field of Object.keys(value)) {
          if (!(field in properties)) {
            report(`${path}.${field}`, 'is not a known field', 'unknown_field', { name: field });
            ok = false;
          }
        }
      }
      for (const [field, property] of Object.entries(properties)) {
        const at = `${path}.${field}`;
        if (value[field] === undefined) {
          if (node.required?.includes(field)) {
            // A semantic field still makes the shape wrong; its own check says why.
            if (!property['x-semantic'])
              report(
                at,
                property['x-message'] ?? 'is required',
                property['x-empty-code'] ?? 'required',
              );
            ok = false;
          }
          continue;
        }
        ok = checkShape(property, value[field], at, report) && ok;
      }
      return ok;
    }
    default:
      return true;
  }
}

function checkUnion(node: Node, value: unknown, path: string, report: ShapeReport): boolean {
  const variants = node.anyOf!;
  const silent = () => undefined;
  if (variants.some((variant) => checkShape(variant, value, path, silent))) return true;
  const message = node['x-message'] ?? 'has the wrong shape';
  if (isRecord(value)) {
    const keys = Object.keys(value);
    const objects = variants.filter((variant) => variant.type === 'object');
    const pointed = objects.filter((variant) =>
      keys.some((key) => key in (variant.properties ?? {})),
    );
    const fits =
      pointed.length === 1 &&
      (!node['x-exact'] ||
        (keys.length === Object.keys(pointed[0].properties ?? {}).length &&
          keys.every((key) => key in (pointed[0].properties ?? {}))));
    if (fits) return checkShape(pointed[0], value, path, report);
  }
  report(path, message, node['x-code'] ?? 'shape', node['x-params']);
  return false;
}
