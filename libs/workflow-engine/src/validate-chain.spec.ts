import {
  AGENCY_CODES,
  BORDER_CROSSING_PERMIT,
  GROUP_CODES,
} from '../test/fixtures/border-crossing-permit';
import { agency, chainOf, group, stepDef } from '../test/helpers';
import type { StepDefinition } from './chain-definition';
import { authoringProblems, validateChain } from './validate-chain';
import type { ChainProblem } from './validate-chain';

const known = { agencies: AGENCY_CODES, groups: GROUP_CODES };

/** Validates a chain made of the given steps. */
function problemsOf(...steps: unknown[]): ChainProblem[] {
  return validateChain({ steps }, known);
}

/** A valid step with one field replaced by anything, valid or not. */
function withField(key: string, field: string, value: unknown): unknown {
  return { ...stepDef(key), [field]: value };
}

describe('validateChain', () => {
  it('accepts the border-crossing permit chain with the real agency and group codes', () => {
    expect(validateChain(BORDER_CROSSING_PERMIT, known)).toEqual([]);
  });

  it('accepts a minimal chain without known codes', () => {
    expect(validateChain(chainOf(stepDef('intake')))).toEqual([]);
  });

  describe('steps', () => {
    it.each([
      [undefined, 'must be an array of steps', 'shape'],
      [null, 'must be an array of steps', 'shape'],
      [{}, 'must be an array of steps', 'shape'],
      [{ steps: 'x' }, 'must be an array of steps', 'shape'],
      [{ steps: [] }, 'must list at least one step', 'no_steps'],
    ])('refuses %p', (definition, message, code) => {
      expect(validateChain(definition)).toEqual([{ field: 'steps', message, code }]);
    });

    it('refuses a step that is not an object', () => {
      expect(problemsOf(stepDef('a'), 'b', null)).toEqual([
        { field: 'steps[1]', message: 'must be an object', code: 'shape' },
        { field: 'steps[2]', message: 'must be an object', code: 'shape' },
      ]);
    });

    it('refuses unknown step fields', () => {
      expect(problemsOf(withField('a', 'deadline', 'P3D'))).toEqual([
        {
          step: 'a',
          field: 'steps[0].deadline',
          message: 'is not a known field',
          code: 'unknown_field',
          params: { name: 'deadline' },
        },
      ]);
    });
  });

  describe('keys', () => {
    it.each([undefined, '', '   ', 7])('requires a key (%p)', (key) => {
      expect(problemsOf({ ...stepDef('a'), key })).toEqual([
        { field: 'steps[0].key', message: 'is required', code: 'required' },
      ]);
    });

    it.each([
      'CBP-review',
      'cbp_review',
      'cbp review',
      '-cbp',
      'cbp-',
      'cbp--review',
      'ñ',
      'a'.repeat(65),
    ])('refuses the malformed key %p', (key) => {
      const problems = problemsOf(stepDef(key));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        step: key,
        field: 'steps[0].key',
        code: 'key_format',
        params: { max: 64 },
      });
      expect(problems[0].message).toMatch(/lowercase letters and digits/);
    });

    it.each(['cbp-review', 'step2', '2nd-review', 'a'])('accepts the key %p', (key) => {
      expect(problemsOf(stepDef(key))).toEqual([]);
    });

    it('refuses a duplicate key on the later step', () => {
      expect(problemsOf(stepDef('a'), stepDef('b'), stepDef('a'))).toEqual([
        {
          step: 'a',
          field: 'steps[2].key',
          message: "duplicate key 'a' (already used by steps[0])",
          code: 'duplicate_key',
          params: { key: 'a', index: 0 },
        },
      ]);
    });
  });

  describe('names', () => {
    it('requires both languages', () => {
      expect(problemsOf({ ...stepDef('a'), name: { en: 'Intake', es: ' ' } })).toEqual([
        {
          step: 'a',
          field: 'steps[0].name.es',
          message: 'must be non-empty text',
          code: 'required',
        },
      ]);
      expect(problemsOf({ ...stepDef('a'), name: { es: 'Recepción' } })).toEqual([
        {
          step: 'a',
          field: 'steps[0].name.en',
          message: 'must be non-empty text',
          code: 'required',
        },
      ]);
    });

    it('names each empty language on its own field', () => {
      expect(problemsOf({ ...stepDef('a'), name: { en: '', es: '' } })).toEqual([
        {
          step: 'a',
          field: 'steps[0].name.en',
          message: 'must be non-empty text',
          code: 'required',
        },
        {
          step: 'a',
          field: 'steps[0].name.es',
          message: 'must be non-empty text',
          code: 'required',
        },
      ]);
    });

    it('refuses a missing name, a plain string and extra languages', () => {
      expect(problemsOf({ ...stepDef('a'), name: undefined })).toEqual([
        {
          step: 'a',
          field: 'steps[0].name',
          message: 'must be an object { en, es }',
          code: 'required',
        },
      ]);
      expect(problemsOf({ ...stepDef('a'), name: 'Intake' })).toEqual([
        {
          step: 'a',
          field: 'steps[0].name',
          message: 'must be an object { en, es }',
          code: 'shape',
        },
      ]);
      expect(problemsOf({ ...stepDef('a'), name: { en: 'x', es: 'y', fr: 'z' } })).toEqual([
        {
          step: 'a',
          field: 'steps[0].name.fr',
          message: 'is not a known field',
          code: 'unknown_field',
          params: { name: 'fr' },
        },
      ]);
    });
  });

  describe('dependsOn', () => {
    it('refuses unknown keys, naming them', () => {
      expect(problemsOf(stepDef('a'), stepDef('b', { dependsOn: ['a', 'nope'] }))).toEqual([
        {
          step: 'b',
          field: 'steps[1].dependsOn[1]',
          message: "unknown step 'nope'",
          code: 'unknown_step',
          params: { key: 'nope' },
        },
      ]);
    });

    it('refuses a key listed twice and a list that is not an array', () => {
      expect(problemsOf(stepDef('a'), stepDef('b', { dependsOn: ['a', 'a'] }))).toEqual([
        {
          step: 'b',
          field: 'steps[1].dependsOn[1]',
          message: "'a' is listed twice",
          code: 'listed_twice',
          params: { value: 'a' },
        },
      ]);
      expect(problemsOf(stepDef('a'), withField('b', 'dependsOn', 'a'))).toEqual([
        {
          step: 'b',
          field: 'steps[1].dependsOn',
          message: 'must be an array of step keys',
          code: 'shape',
        },
      ]);
      expect(problemsOf(withField('b', 'dependsOn', [3]))).toEqual([
        { step: 'b', field: 'steps[0].dependsOn[0]', message: 'must be a step key', code: 'shape' },
      ]);
    });

    it('accepts dependencies on steps defined later', () => {
      expect(problemsOf(stepDef('b', { dependsOn: ['a'] }), stepDef('a'))).toEqual([]);
    });

    it('names the steps of a cycle in order', () => {
      const problems = problemsOf(
        stepDef('intake'),
        stepDef('review', { dependsOn: ['intake', 'sign-off'] }),
        stepDef('hydraulics', { dependsOn: ['review'] }),
        stepDef('sign-off', { dependsOn: ['hydraulics'] }),
      );
      expect(problems).toEqual([
        {
          step: 'review',
          field: 'steps[1].dependsOn[1]',
          message:
            'dependency cycle: review → sign-off → hydraulics → review (each step depends on the next)',
          code: 'cycle',
          params: { steps: ['review', 'sign-off', 'hydraulics', 'review'] },
        },
      ]);
    });

    it('reports a step that depends on itself as a cycle', () => {
      expect(problemsOf(stepDef('a', { dependsOn: ['a'] }))).toEqual([
        {
          step: 'a',
          field: 'steps[0].dependsOn[0]',
          message: 'dependency cycle: a → a (each step depends on the next)',
          code: 'cycle',
          params: { steps: ['a', 'a'] },
        },
      ]);
    });

    it('reports each of two separate cycles once', () => {
      const problems = problemsOf(
        stepDef('a', { dependsOn: ['b'] }),
        stepDef('b', { dependsOn: ['a'] }),
        stepDef('c', { dependsOn: ['d'] }),
        stepDef('d', { dependsOn: ['c'] }),
      );
      expect(problems.map((problem) => problem.message)).toEqual([
        'dependency cycle: a → b → a (each step depends on the next)',
        'dependency cycle: c → d → c (each step depends on the next)',
      ]);
    });
  });

  describe('assignees', () => {
    it('refuses a missing or empty list', () => {
      expect(problemsOf({ ...stepDef('a'), assignees: [] })).toEqual([
        {
          step: 'a',
          field: 'steps[0].assignees',
          message: 'must list at least one assignee',
          code: 'no_assignee',
        },
      ]);
      expect(problemsOf({ ...stepDef('a'), assignees: undefined })).toEqual([
        {
          step: 'a',
          field: 'steps[0].assignees',
          message: 'must be an array of assignees',
          code: 'no_assignee',
        },
      ]);
      expect(problemsOf({ ...stepDef('a'), assignees: 'SRE' })).toEqual([
        {
          step: 'a',
          field: 'steps[0].assignees',
          message: 'must be an array of assignees',
          code: 'shape',
        },
      ]);
    });

    it("accepts the project's own group, once per step, whatever the known groups", () => {
      expect(
        validateChain(
          chainOf(stepDef('a', { assignees: [{ projectGroup: true }, agency('SRE')] })),
          {
            agencies: ['SRE'],
            groups: [],
          },
        ),
      ).toEqual([]);
      expect(problemsOf({ ...stepDef('a'), assignees: [{ projectGroup: false }] })).toEqual([
        {
          step: 'a',
          field: 'steps[0].assignees[0].projectGroup',
          message: 'must be true',
          code: 'shape',
        },
      ]);
      expect(
        problemsOf({
          ...stepDef('a'),
          assignees: [{ projectGroup: true }, { projectGroup: true }],
        }),
      ).toEqual([
        {
          step: 'a',
          field: 'steps[0].assignees[1]',
          message: 'duplicate assignee project-group',
          code: 'duplicate_assignee',
          params: { assignee: 'project-group' },
        },
      ]);
    });

    it.each([
      [{}],
      [{ agency: 'SRE', technicalGroup: 'SON-AZ' }],
      [{ agency: 'SRE', note: 'x' }],
      [{ team: 'SRE' }],
      [{ projectGroup: true, agency: 'SRE' }],
      ['SRE'],
      [null],
    ])('refuses an assignee that is not exactly {agency} or {technicalGroup}: %p', (assignee) => {
      expect(problemsOf({ ...stepDef('a'), assignees: [agency('CBP'), assignee] })).toEqual([
        {
          step: 'a',
          field: 'steps[0].assignees[1]',
          message:
            'must be exactly { agency: code }, { technicalGroup: code } or { projectGroup: true }',
          code: 'shape',
        },
      ]);
    });

    it('refuses an empty code', () => {
      expect(problemsOf({ ...stepDef('a'), assignees: [{ technicalGroup: '' }] })).toEqual([
        {
          step: 'a',
          field: 'steps[0].assignees[0].technicalGroup',
          message: 'must be a non-empty code',
          code: 'required',
        },
      ]);
    });

    it('refuses duplicate assignees', () => {
      const assignees = [agency('CBP'), group('SON-AZ'), agency('CBP'), group('SON-AZ')];
      expect(problemsOf(stepDef('a', { assignees }))).toEqual([
        {
          step: 'a',
          field: 'steps[0].assignees[2]',
          message: 'duplicate assignee agency:CBP',
          code: 'duplicate_assignee',
          params: { assignee: 'agency:CBP' },
        },
        {
          step: 'a',
          field: 'steps[0].assignees[3]',
          message: 'duplicate assignee group:SON-AZ',
          code: 'duplicate_assignee',
          params: { assignee: 'group:SON-AZ' },
        },
      ]);
    });

    it('refuses unknown agency and group codes when the known codes are given', () => {
      const steps = [stepDef('a', { assignees: [agency('CBP'), agency('NASA'), group('XX-YY')] })];
      expect(validateChain({ steps }, known)).toEqual([
        {
          step: 'a',
          field: 'steps[0].assignees[1].agency',
          message: "unknown agency 'NASA'",
          code: 'unknown_agency',
          params: { code: 'NASA' },
        },
        {
          step: 'a',
          field: 'steps[0].assignees[2].technicalGroup',
          message: "unknown technical group 'XX-YY'",
          code: 'unknown_group',
          params: { code: 'XX-YY' },
        },
      ]);
      expect(validateChain({ steps })).toEqual([]);
      expect(validateChain({ steps }, { agencies: ['CBP', 'NASA'] })).toEqual([]);
    });
  });

  describe('rule', () => {
    const three = [agency('CBP'), agency('GSA'), agency('EPA')];

    it.each(['all', 'any', { quorum: 1 }, { quorum: 3 }])('accepts %p', (rule) => {
      expect(
        problemsOf(stepDef('a', { assignees: three, rule: rule as StepDefinition['rule'] })),
      ).toEqual([]);
    });

    it.each(['majority', 'ALL', 2, null, { quorum: 2, of: 3 }, {}])('refuses %p', (rule) => {
      expect(problemsOf({ ...stepDef('a', { assignees: three }), rule })).toEqual([
        {
          step: 'a',
          field: 'steps[0].rule',
          message: "must be 'all', 'any' or { quorum: n }",
          code: 'shape',
        },
      ]);
    });

    it.each([0, 4, 1.5, -1, '2', null])('refuses the quorum %p outside 1..assignees', (quorum) => {
      expect(problemsOf({ ...stepDef('a', { assignees: three }), rule: { quorum } })).toEqual([
        {
          step: 'a',
          field: 'steps[0].rule.quorum',
          message: 'must be a whole number from 1 to 3 (the number of assignees)',
          code: 'range',
          params: { min: 1, max: 3 },
        },
      ]);
    });

    it('says a quorum has no upper bound yet when the step has no assignee', () => {
      expect(
        problemsOf({ ...stepDef('a'), assignees: [], rule: { quorum: 1 } }).map((p) => [
          p.field,
          p.code,
          p.params,
        ]),
      ).toEqual([
        ['steps[0].assignees', 'no_assignee', undefined],
        ['steps[0].rule.quorum', 'range', { min: 1 }],
      ]);
    });
  });

  describe('condition', () => {
    it.each([
      { attribute: 'involvesRail', equals: true },
      { attribute: 'type', notEquals: 'bridge' },
      { attribute: 'lanes', in: [2, 4, 6] },
    ])('accepts %p', (condition) => {
      expect(problemsOf(stepDef('a', { condition }))).toEqual([]);
    });

    it('refuses a condition without an operator', () => {
      expect(problemsOf(withField('a', 'condition', { attribute: 'x' }))).toEqual([
        {
          step: 'a',
          field: 'steps[0].condition',
          message: 'needs one of equals, notEquals or in',
          code: 'condition_one',
          params: { operators: [] },
        },
      ]);
    });

    it('refuses a condition with more than one operator', () => {
      expect(
        problemsOf(withField('a', 'condition', { attribute: 'x', equals: 1, in: [1] })),
      ).toEqual([
        {
          step: 'a',
          field: 'steps[0].condition',
          message: 'must have only one of equals, notEquals or in (has equals, in)',
          code: 'condition_one',
          params: { operators: ['equals', 'in'] },
        },
      ]);
    });

    it('refuses `in` that is not a non-empty array of scalars', () => {
      expect(problemsOf(withField('a', 'condition', { attribute: 'x', in: 'bridge' }))).toEqual([
        {
          step: 'a',
          field: 'steps[0].condition.in',
          message: 'must be an array of values',
          code: 'shape',
        },
      ]);
      expect(problemsOf(withField('a', 'condition', { attribute: 'x', in: [] }))).toEqual([
        {
          step: 'a',
          field: 'steps[0].condition.in',
          message: 'must list at least one value',
          code: 'required',
        },
      ]);
      expect(
        problemsOf(withField('a', 'condition', { attribute: 'x', in: ['a', { b: 1 }] })),
      ).toEqual([
        {
          step: 'a',
          field: 'steps[0].condition.in[1]',
          message: 'must be a string, a number or a boolean',
          code: 'shape',
        },
      ]);
    });

    it('lets an author not compare an attribute with empty text, naming the value; a stored chain with one still runs', () => {
      const authoring = (step: unknown) => authoringProblems({ steps: [step] });
      for (const operator of ['equals', 'notEquals']) {
        const step = withField('a', 'condition', { attribute: 'lanes', [operator]: ' ' });
        expect(authoring(step)).toEqual([
          {
            step: 'a',
            field: `steps[0].condition.${operator}`,
            message: 'must be non-empty text',
            code: 'required',
          },
        ]);
        // A version published before the check existed keeps starting workflows.
        expect(problemsOf(step)).toEqual([]);
      }
      expect(
        authoring(withField('a', 'condition', { attribute: 'type', in: ['bridge', ''] })),
      ).toEqual([
        {
          step: 'a',
          field: 'steps[0].condition.in[1]',
          message: 'must be non-empty text',
          code: 'required',
        },
      ]);
      expect(
        authoring(withField('a', 'condition', { attribute: 'active', equals: false })),
      ).toEqual([]);
      expect(authoring(withField('a', 'condition', { attribute: 'lanes', equals: 0 }))).toEqual([]);
    });

    it('refuses a missing attribute, non-scalar values and unknown fields', () => {
      expect(problemsOf(withField('a', 'condition', { equals: null, operator: 'eq' }))).toEqual([
        {
          step: 'a',
          field: 'steps[0].condition.operator',
          message: 'is not a known field',
          code: 'unknown_field',
          params: { name: 'operator' },
        },
        {
          step: 'a',
          field: 'steps[0].condition.attribute',
          message: 'must be non-empty text',
          code: 'required',
        },
        {
          step: 'a',
          field: 'steps[0].condition.equals',
          message: 'must be a string, a number or a boolean',
          code: 'shape',
        },
      ]);
      expect(problemsOf(withField('a', 'condition', 'involvesRail'))).toEqual([
        {
          step: 'a',
          field: 'steps[0].condition',
          message: 'must be an object { attribute, equals | notEquals | in }',
          code: 'shape',
        },
      ]);
    });
  });

  describe('sla', () => {
    it.each([
      { businessDays: 1, calendar: 'MX' },
      { businessDays: 60, calendar: 'binational' },
      { duration: 'PT30S' },
      { duration: 'P1DT2H' },
    ])('accepts %p', (sla) => {
      expect(problemsOf(stepDef('a', { sla }))).toEqual([]);
    });

    it.each([0, -1, 2.5, '10', 1001])('refuses businessDays %p', (businessDays) => {
      expect(problemsOf(withField('a', 'sla', { businessDays, calendar: 'US' }))).toEqual([
        {
          step: 'a',
          field: 'steps[0].sla.businessDays',
          message: 'must be a whole number from 1 to 1000',
          code: 'range',
          params: { min: 1, max: 1000 },
        },
      ]);
    });

    it('refuses an unknown calendar, with the default or the given list', () => {
      const calendar = {
        step: 'a',
        field: 'steps[0].sla.calendar',
        message: 'must be one of MX, US, binational',
        code: 'one_of',
        params: { values: ['MX', 'US', 'binational'] },
      };
      expect(problemsOf(withField('a', 'sla', { businessDays: 5, calendar: 'CA' }))).toEqual([
        calendar,
      ]);
      expect(problemsOf(withField('a', 'sla', { businessDays: 5 }))).toEqual([calendar]);
      const steps = [stepDef('a', { sla: { businessDays: 5, calendar: 'CA' } })];
      expect(validateChain({ steps }, { calendars: ['CA'] })).toEqual([]);
    });

    it.each([
      ['P', 'must be an ISO 8601 duration such as PT30S, P3D or P1DT2H', 'duration'],
      ['3D', 'must be an ISO 8601 duration such as PT30S, P3D or P1DT2H', 'duration'],
      [30, 'must be an ISO 8601 duration such as PT30S, P3D or P1DT2H', 'duration'],
      ['-P1D', 'must not be negative', 'negative'],
      ['PT0S', 'must be longer than zero', 'positive'],
      ['P0D', 'must be longer than zero', 'positive'],
    ])('refuses the duration %p', (duration, message, code) => {
      expect(problemsOf(withField('a', 'sla', { duration }))).toEqual([
        { step: 'a', field: 'steps[0].sla.duration', message, code },
      ]);
    });

    it.each([{}, { duration: 'P1D', businessDays: 2, calendar: 'MX' }, 'P3D'])(
      'refuses an SLA of neither form: %p',
      (sla) => {
        expect(problemsOf(withField('a', 'sla', sla))).toEqual([
          {
            step: 'a',
            field: 'steps[0].sla',
            message: 'must be either { businessDays, calendar } or { duration }',
            code: 'shape',
          },
        ]);
      },
    );

    it('refuses unknown SLA fields', () => {
      expect(problemsOf(withField('a', 'sla', { duration: 'P1D', zone: 'UTC' }))).toEqual([
        {
          step: 'a',
          field: 'steps[0].sla.zone',
          message: 'is not a known field',
          code: 'unknown_field',
          params: { name: 'zone' },
        },
      ]);
    });
  });

  describe('reminders and escalations', () => {
    it('accepts zero and positive offsets', () => {
      const step = stepDef('a', {
        reminders: [{ before: 'PT0S' }, { before: 'P3D' }],
        escalations: [
          { after: 'PT0S', notify: ['coordinator', 'admin', 'agency', 'group_chairs'] },
        ],
      });
      expect(problemsOf(step)).toEqual([]);
    });

    it('refuses malformed and negative reminder offsets', () => {
      expect(
        problemsOf(
          withField('a', 'reminders', [
            { before: 'P1D' },
            { before: '-P1D' },
            { before: 'PT' },
            {},
          ]),
        ),
      ).toEqual([
        {
          step: 'a',
          field: 'steps[0].reminders[1].before',
          message: 'must not be negative',
          code: 'negative',
        },
        {
          step: 'a',
          field: 'steps[0].reminders[2].before',
          message: 'must be an ISO 8601 duration such as PT30S, P3D or P1DT2H',
          code: 'duration',
        },
        {
          step: 'a',
          field: 'steps[0].reminders[3].before',
          message: 'must be an ISO 8601 duration such as PT30S, P3D or P1DT2H',
          code: 'duration',
        },
      ]);
    });

    it('refuses reminders that are not a list of objects', () => {
      expect(problemsOf(withField('a', 'reminders', { before: 'P1D' }))).toEqual([
        {
          step: 'a',
          field: 'steps[0].reminders',
          message: 'must be an array of { before }',
          code: 'shape',
        },
      ]);
      expect(problemsOf(withField('a', 'reminders', ['P1D']))).toEqual([
        {
          step: 'a',
          field: 'steps[0].reminders[0]',
          message: 'must be an object { before }',
          code: 'shape',
        },
      ]);
      expect(problemsOf(withField('a', 'reminders', [{ before: 'P1D', to: 'x' }]))).toEqual([
        {
          step: 'a',
          field: 'steps[0].reminders[0].to',
          message: 'is not a known field',
          code: 'unknown_field',
          params: { name: 'to' },
        },
      ]);
    });

    it('refuses malformed and negative escalation offsets', () => {
      expect(
        problemsOf(
          withField('a', 'escalations', [
            { after: '-PT1H', notify: ['admin'] },
            { after: 'P1X', notify: ['admin'] },
          ]),
        ),
      ).toEqual([
        {
          step: 'a',
          field: 'steps[0].escalations[0].after',
          message: 'must not be negative',
          code: 'negative',
        },
        {
          step: 'a',
          field: 'steps[0].escalations[1].after',
          message: 'must be an ISO 8601 duration such as PT30S, P3D or P1DT2H',
          code: 'duration',
        },
      ]);
    });

    it('refuses empty, unknown and repeated notify targets', () => {
      const escalations = [
        { after: 'P1D', notify: [] },
        { after: 'P1D' },
        { after: 'P1D', notify: ['admin', 'president', 'admin'] },
      ];
      const targets = 'coordinator, admin, agency, group_chairs';
      const values = ['coordinator', 'admin', 'agency', 'group_chairs'];
      expect(problemsOf(withField('a', 'escalations', escalations))).toEqual([
        {
          step: 'a',
          field: 'steps[0].escalations[0].notify',
          message: `must list at least one of ${targets}`,
          code: 'notify_one',
        },
        {
          step: 'a',
          field: 'steps[0].escalations[1].notify',
          message: `must list at least one of ${targets}`,
          code: 'notify_one',
        },
        {
          step: 'a',
          field: 'steps[0].escalations[2].notify[1]',
          message: `must be one of ${targets}`,
          code: 'one_of',
          params: { values },
        },
        {
          step: 'a',
          field: 'steps[0].escalations[2].notify[2]',
          message: "'admin' is listed twice",
          code: 'listed_twice',
          params: { value: 'admin' },
        },
      ]);
    });

    it('refuses escalations that are not a list of objects', () => {
      expect(problemsOf(withField('a', 'escalations', 'admin'))).toEqual([
        {
          step: 'a',
          field: 'steps[0].escalations',
          message: 'must be an array of { after, notify }',
          code: 'shape',
        },
      ]);
      expect(problemsOf(withField('a', 'escalations', [7]))).toEqual([
        {
          step: 'a',
          field: 'steps[0].escalations[0]',
          message: 'must be an object { after, notify }',
          code: 'shape',
        },
      ]);
    });
  });

  describe('onReject', () => {
    const chain = (onReject: unknown) => [
      stepDef('intake'),
      stepDef('file', { dependsOn: ['intake'] }),
      stepDef('side'),
      { ...stepDef('review', { dependsOn: ['file'] }), onReject },
    ];

    it.each(['end', { returnTo: 'file' }, { returnTo: 'intake' }])('accepts %p', (onReject) => {
      expect(problemsOf(...chain(onReject))).toEqual([]);
    });

    it('refuses a returnTo that is not a strict ancestor', () => {
      const problem = {
        step: 'review',
        field: 'steps[3].onReject.returnTo',
        message: "must be a step that 'review' depends on, directly or through other steps",
        code: 'return_to',
        params: { step: 'review' },
      };
      expect(problemsOf(...chain({ returnTo: 'side' }))).toEqual([problem]);
      expect(problemsOf(...chain({ returnTo: 'review' }))).toEqual([problem]);
    });

    it('refuses a returnTo naming no step', () => {
      expect(problemsOf(...chain({ returnTo: 'nowhere' }))).toEqual([
        {
          step: 'review',
          field: 'steps[3].onReject.returnTo',
          message: "unknown step 'nowhere'",
          code: 'unknown_step',
          params: { key: 'nowhere' },
        },
      ]);
    });

    it.each(['END', 'restart', { returnTo: 'file', also: 1 }, {}, 3])('refuses %p', (onReject) => {
      expect(problemsOf(...chain(onReject))).toEqual([
        {
          step: 'review',
          field: 'steps[3].onReject',
          message: "must be 'end' or { returnTo: step-key }",
          code: 'shape',
        },
      ]);
    });
  });

  it('reports every problem of a broken chain at once', () => {
    const problems = validateChain(
      {
        steps: [
          { key: 'Intake', name: { en: 'Intake' }, assignees: [] },
          {
            key: 'review',
            name: { en: 'Review', es: 'Revisión' },
            assignees: [agency('CBP'), agency('NASA')],
            rule: { quorum: 5 },
            dependsOn: ['intake'],
            sla: { duration: 'P' },
            onReject: { returnTo: 'intake' },
          },
        ],
      },
      known,
    );
    expect(problems.map((problem) => [problem.field, problem.code])).toEqual([
      ['steps[0].key', 'key_format'],
      ['steps[0].name.es', 'required'],
      ['steps[0].assignees', 'no_assignee'],
      ['steps[1].assignees[1].agency', 'unknown_agency'],
      ['steps[1].rule.quorum', 'range'],
      ['steps[1].dependsOn[0]', 'unknown_step'],
      ['steps[1].sla.duration', 'duration'],
      ['steps[1].onReject.returnTo', 'unknown_step'],
    ]);
  });

  it('gives every problem a code, for clients to say it in their own words', () => {
    const broken = {
      steps: [
        7,
        { key: 'A', name: 'x', assignees: [{}], rule: 'most', sla: { businessDays: 0 } },
        {
          key: 'b',
          name: { en: '', es: '' },
          assignees: [agency('NASA'), agency('NASA')],
          dependsOn: ['b', 'zz'],
          condition: { attribute: '', equals: '' },
          reminders: [{ before: '-P1D' }],
          escalations: [{ after: 'PT0S', notify: ['mayor'] }],
          onReject: { returnTo: 'b' },
          extra: true,
        },
      ],
    };
    const problems = validateChain(broken, known);
    expect(problems.length).toBeGreaterThan(10);
    for (const problem of problems) expect(problem.code).toEqual(expect.any(String));
  });
});
