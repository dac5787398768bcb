import {
  AGENCY_CODES,
  BORDER_CROSSING_PERMIT,
  GROUP_CODES,
} from '../test/fixtures/border-crossing-permit';
import { agency, chainOf, group, stepDef } from '../test/helpers';
import type { StepDefinition } from './chain-definition';
import { validateChain } from './validate-chain';
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
      [undefined, 'must be an array of steps'],
      [null, 'must be an array of steps'],
      [{}, 'must be an array of steps'],
      [{ steps: 'x' }, 'must be an array of steps'],
      [{ steps: [] }, 'must list at least one step'],
    ])('refuses %p', (definition, message) => {
      expect(validateChain(definition)).toEqual([{ field: 'steps', message }]);
    });

    it('refuses a step that is not an object', () => {
      expect(problemsOf(stepDef('a'), 'b', null)).toEqual([
        { field: 'steps[1]', message: 'must be an object' },
        { field: 'steps[2]', message: 'must be an object' },
      ]);
    });

    it('refuses unknown step fields', () => {
      expect(problemsOf(withField('a', 'deadline', 'P3D'))).toEqual([
        { step: 'a', field: 'steps[0].deadline', message: 'is not a known field' },
      ]);
    });
  });

  describe('keys', () => {
    it.each([undefined, '', '   ', 7])('requires a key (%p)', (key) => {
      expect(problemsOf({ ...stepDef('a'), key })).toEqual([
        { field: 'steps[0].key', message: 'is required' },
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
      expect(problems[0]).toMatchObject({ step: key, field: 'steps[0].key' });
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
        },
      ]);
    });
  });

  describe('names', () => {
    it('requires both languages', () => {
      expect(problemsOf({ ...stepDef('a'), name: { en: 'Intake', es: ' ' } })).toEqual([
        { step: 'a', field: 'steps[0].name.es', message: 'must be non-empty text' },
      ]);
      expect(problemsOf({ ...stepDef('a'), name: { es: 'Recepción' } })).toEqual([
        { step: 'a', field: 'steps[0].name.en', message: 'must be non-empty text' },
      ]);
    });

    it('refuses a missing name, a plain string and extra languages', () => {
      expect(problemsOf({ ...stepDef('a'), name: undefined })).toEqual([
        { step: 'a', field: 'steps[0].name', message: 'must be an object { en, es }' },
      ]);
      expect(problemsOf({ ...stepDef('a'), name: 'Intake' })).toEqual([
        { step: 'a', field: 'steps[0].name', message: 'must be an object { en, es }' },
      ]);
      expect(problemsOf({ ...stepDef('a'), name: { en: 'x', es: 'y', fr: 'z' } })).toEqual([
        { step: 'a', field: 'steps[0].name.fr', message: 'is not a known field' },
      ]);
    });
  });

  describe('dependsOn', () => {
    it('refuses unknown keys, naming them', () => {
      expect(problemsOf(stepDef('a'), stepDef('b', { dependsOn: ['a', 'nope'] }))).toEqual([
        { step: 'b', field: 'steps[1].dependsOn[1]', message: "unknown step 'nope'" },
      ]);
    });

    it('refuses a key listed twice and a list that is not an array', () => {
      expect(problemsOf(stepDef('a'), stepDef('b', { dependsOn: ['a', 'a'] }))).toEqual([
        { step: 'b', field: 'steps[1].dependsOn[1]', message: "'a' is listed twice" },
      ]);
      expect(problemsOf(stepDef('a'), withField('b', 'dependsOn', 'a'))).toEqual([
        { step: 'b', field: 'steps[1].dependsOn', message: 'must be an array of step keys' },
      ]);
      expect(problemsOf(withField('b', 'dependsOn', [3]))).toEqual([
        { step: 'b', field: 'steps[0].dependsOn[0]', message: 'must be a step key' },
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
        },
      ]);
    });

    it('reports a step that depends on itself as a cycle', () => {
      expect(problemsOf(stepDef('a', { dependsOn: ['a'] }))).toEqual([
        {
          step: 'a',
          field: 'steps[0].dependsOn[0]',
          message: 'dependency cycle: a → a (each step depends on the next)',
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
        { step: 'a', field: 'steps[0].assignees', message: 'must list at least one assignee' },
      ]);
      expect(problemsOf({ ...stepDef('a'), assignees: undefined })).toEqual([
        { step: 'a', field: 'steps[0].assignees', message: 'must be an array of assignees' },
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
        { step: 'a', field: 'steps[0].assignees[0].projectGroup', message: 'must be true' },
      ]);
      expect(
        problemsOf({
          ...stepDef('a'),
          assignees: [{ projectGroup: true }, { projectGroup: true }],
        }),
      ).toEqual([
        { step: 'a', field: 'steps[0].assignees[1]', message: 'duplicate assignee project-group' },
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
        },
      ]);
    });

    it('refuses an empty code', () => {
      expect(problemsOf({ ...stepDef('a'), assignees: [{ technicalGroup: '' }] })).toEqual([
        {
          step: 'a',
          field: 'steps[0].assignees[0].technicalGroup',
          message: 'must be a non-empty code',
        },
      ]);
    });

    it('refuses duplicate assignees', () => {
      const assignees = [agency('CBP'), group('SON-AZ'), agency('CBP'), group('SON-AZ')];
      expect(problemsOf(stepDef('a', { assignees }))).toEqual([
        { step: 'a', field: 'steps[0].assignees[2]', message: 'duplicate assignee agency:CBP' },
        { step: 'a', field: 'steps[0].assignees[3]', message: 'duplicate assignee group:SON-AZ' },
      ]);
    });

    it('refuses unknown agency and group codes when the known codes are given', () => {
      const steps = [stepDef('a', { assignees: [agency('CBP'), agency('NASA'), group('XX-YY')] })];
      expect(validateChain({ steps }, known)).toEqual([
        { step: 'a', field: 'steps[0].assignees[1].agency', message: "unknown agency 'NASA'" },
        {
          step: 'a',
          field: 'steps[0].assignees[2].technicalGroup',
          message: "unknown technical group 'XX-YY'",
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
        { step: 'a', field: 'steps[0].rule', message: "must be 'all', 'any' or { quorum: n }" },
      ]);
    });

    it.each([0, 4, 1.5, -1, '2', null])('refuses the quorum %p outside 1..assignees', (quorum) => {
      expect(problemsOf({ ...stepDef('a', { assignees: three }), rule: { quorum } })).toEqual([
        {
          step: 'a',
          field: 'steps[0].rule.quorum',
          message: 'must be a whole number from 1 to 3 (the number of assignees)',
        },
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
        { step: 'a', field: 'steps[0].condition', message: 'needs one of equals, notEquals or in' },
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
        },
      ]);
    });

    it('refuses `in` that is not a non-empty array of scalars', () => {
      expect(problemsOf(withField('a', 'condition', { attribute: 'x', in: 'bridge' }))).toEqual([
        { step: 'a', field: 'steps[0].condition.in', message: 'must be an array of values' },
      ]);
      expect(problemsOf(withField('a', 'condition', { attribute: 'x', in: [] }))).toEqual([
        { step: 'a', field: 'steps[0].condition.in', message: 'must list at least one value' },
      ]);
      expect(
        problemsOf(withField('a', 'condition', { attribute: 'x', in: ['a', { b: 1 }] })),
      ).toEqual([
        {
          step: 'a',
          field: 'steps[0].condition.in[1]',
          message: 'must be a string, a number or a boolean',
        },
      ]);
    });

    it('refuses a missing attribute, non-scalar values and unknown fields', () => {
      expect(problemsOf(withField('a', 'condition', { equals: null, operator: 'eq' }))).toEqual([
        { step: 'a', field: 'steps[0].condition.operator', message: 'is not a known field' },
        { step: 'a', field: 'steps[0].condition.attribute', message: 'must be non-empty text' },
        {
          step: 'a',
          field: 'steps[0].condition.equals',
          message: 'must be a string, a number or a boolean',
        },
      ]);
      expect(problemsOf(withField('a', 'condition', 'involvesRail'))).toEqual([
        {
          step: 'a',
          field: 'steps[0].condition',
          message: 'must be an object { attribute, equals | notEquals | in }',
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
        },
      ]);
    });

    it('refuses an unknown calendar, with the default or the given list', () => {
      expect(problemsOf(withField('a', 'sla', { businessDays: 5, calendar: 'CA' }))).toEqual([
        { step: 'a', field: 'steps[0].sla.calendar', message: 'must be one of MX, US, binational' },
      ]);
      expect(problemsOf(withField('a', 'sla', { businessDays: 5 }))).toEqual([
        { step: 'a', field: 'steps[0].sla.calendar', message: 'must be one of MX, US, binational' },
      ]);
      const steps = [stepDef('a', { sla: { businessDays: 5, calendar: 'CA' } })];
      expect(validateChain({ steps }, { calendars: ['CA'] })).toEqual([]);
    });

    it.each([
      ['P', 'must be an ISO 8601 duration such as PT30S, P3D or P1DT2H'],
      ['3D', 'must be an ISO 8601 duration such as PT30S, P3D or P1DT2H'],
      [30, 'must be an ISO 8601 duration such as PT30S, P3D or P1DT2H'],
      ['-P1D', 'must not be negative'],
      ['PT0S', 'must be longer than zero'],
      ['P0D', 'must be longer than zero'],
    ])('refuses the duration %p', (duration, message) => {
      expect(problemsOf(withField('a', 'sla', { duration }))).toEqual([
        { step: 'a', field: 'steps[0].sla.duration', message },
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
          },
        ]);
      },
    );

    it('refuses unknown SLA fields', () => {
      expect(problemsOf(withField('a', 'sla', { duration: 'P1D', zone: 'UTC' }))).toEqual([
        { step: 'a', field: 'steps[0].sla.zone', message: 'is not a known field' },
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
        { step: 'a', field: 'steps[0].reminders[1].before', message: 'must not be negative' },
        {
          step: 'a',
          field: 'steps[0].reminders[2].before',
          message: 'must be an ISO 8601 duration such as PT30S, P3D or P1DT2H',
        },
        {
          step: 'a',
          field: 'steps[0].reminders[3].before',
          message: 'must be an ISO 8601 duration such as PT30S, P3D or P1DT2H',
        },
      ]);
    });

    it('refuses reminders that are not a list of objects', () => {
      expect(problemsOf(withField('a', 'reminders', { before: 'P1D' }))).toEqual([
        { step: 'a', field: 'steps[0].reminders', message: 'must be an array of { before }' },
      ]);
      expect(problemsOf(withField('a', 'reminders', ['P1D']))).toEqual([
        { step: 'a', field: 'steps[0].reminders[0]', message: 'must be an object { before }' },
      ]);
      expect(problemsOf(withField('a', 'reminders', [{ before: 'P1D', to: 'x' }]))).toEqual([
        { step: 'a', field: 'steps[0].reminders[0].to', message: 'is not a known field' },
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
        { step: 'a', field: 'steps[0].escalations[0].after', message: 'must not be negative' },
        {
          step: 'a',
          field: 'steps[0].escalations[1].after',
          message: 'must be an ISO 8601 duration such as PT30S, P3D or P1DT2H',
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
      expect(problemsOf(withField('a', 'escalations', escalations))).toEqual([
        {
          step: 'a',
          field: 'steps[0].escalations[0].notify',
          message: `must list at least one of ${targets}`,
        },
        {
          step: 'a',
          field: 'steps[0].escalations[1].notify',
          message: `must list at least one of ${targets}`,
        },
        {
          step: 'a',
          field: 'steps[0].escalations[2].notify[1]',
          message: `must be one of ${targets}`,
        },
        {
          step: 'a',
          field: 'steps[0].escalations[2].notify[2]',
          message: "'admin' is listed twice",
        },
      ]);
    });

    it('refuses escalations that are not a list of objects', () => {
      expect(problemsOf(withField('a', 'escalations', 'admin'))).toEqual([
        {
          step: 'a',
          field: 'steps[0].escalations',
          message: 'must be an array of { after, notify }',
        },
      ]);
      expect(problemsOf(withField('a', 'escalations', [7]))).toEqual([
        {
          step: 'a',
          field: 'steps[0].escalations[0]',
          message: 'must be an object { after, notify }',
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
      const message = "must be a step that 'review' depends on, directly or through other steps";
      expect(problemsOf(...chain({ returnTo: 'side' }))).toEqual([
        { step: 'review', field: 'steps[3].onReject.returnTo', message },
      ]);
      expect(problemsOf(...chain({ returnTo: 'review' }))).toEqual([
        { step: 'review', field: 'steps[3].onReject.returnTo', message },
      ]);
    });

    it('refuses a returnTo naming no step', () => {
      expect(problemsOf(...chain({ returnTo: 'nowhere' }))).toEqual([
        { step: 'review', field: 'steps[3].onReject.returnTo', message: "unknown step 'nowhere'" },
      ]);
    });

    it.each(['END', 'restart', { returnTo: 'file', also: 1 }, {}, 3])('refuses %p', (onReject) => {
      expect(problemsOf(...chain(onReject))).toEqual([
        {
          step: 'review',
          field: 'steps[3].onReject',
          message: "must be 'end' or { returnTo: step-key }",
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
    expect(problems.map((problem) => problem.field)).toEqual([
      'steps[0].key',
      'steps[0].name.es',
      'steps[0].assignees',
      'steps[1].assignees[1].agency',
      'steps[1].rule.quorum',
      'steps[1].dependsOn[0]',
      'steps[1].sla.duration',
      'steps[1].onReject.returnTo',
    ]);
  });
});
