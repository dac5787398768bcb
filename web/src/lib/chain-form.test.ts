import {
  describeProblem,
  emptyStep,
  fromChainStep,
  locateProblems,
  parseValue,
  removeStep,
  renameStep,
  suggestKey,
  toChainStep,
  type ChainStep,
} from './chain-form';

const FULL: ChainStep = {
  key: 'cbp-review',
  name: { en: 'CBP operational review', es: 'Revisión operativa de CBP' },
  assignees: [{ agency: 'CBP' }, { technicalGroup: 'SON-AZ' }],
  rule: { quorum: 1 },
  dependsOn: ['sre-intake'],
  condition: { attribute: 'involvesRail', equals: true },
  sla: { businessDays: 10, calendar: 'US' },
  reminders: [{ before: 'P3D' }, { before: 'P1D' }],
  escalations: [{ after: 'PT0S', notify: ['coordinator', 'admin'] }],
  onReject: { returnTo: 'sre-intake' },
};

describe('chain form', () => {
  it('round-trips every field of a step through the form', () => {
    expect(toChainStep(fromChainStep(FULL))).toEqual(FULL);
    const minimal: ChainStep = {
      key: 'a',
      name: { en: 'A', es: 'A' },
      assignees: [{ agency: 'SRE' }],
    };
    expect(toChainStep(fromChainStep(minimal))).toEqual(minimal);
    const other: ChainStep = {
      ...minimal,
      rule: 'any',
      condition: { attribute: 'lanes', in: [2, 'four', false] },
      sla: { duration: 'PT30S' },
    };
    expect(toChainStep(fromChainStep(other))).toEqual(other);
  });

  it("sends the project's own group and leaves mistyped numbers for the API to name", () => {
    const step = { ...emptyStep(), key: 'g', nameEn: 'G', nameEs: 'G' };
    step.assignees = [{ projectGroup: true }];
    step.rule = 'quorum';
    step.quorum = 'two';
    step.slaKind = 'businessDays';
    step.businessDays = '0';
    expect(toChainStep(step)).toEqual({
      key: 'g',
      name: { en: 'G', es: 'G' },
      assignees: [{ projectGroup: true }],
      rule: { quorum: 'two' },
      sla: { businessDays: 0, calendar: 'binational' },
    });
  });

  it('reads condition values as booleans, numbers or text', () => {
    expect([parseValue('true'), parseValue(' false'), parseValue('12'), parseValue('1.5')]).toEqual(
      [true, false, 12, 1.5],
    );
    expect(parseValue(' rail ')).toBe('rail');
  });

  it('renames and removes steps without leaving dangling references', () => {
    const a = { ...emptyStep(), key: 'a' };
    const b = { ...emptyStep(), key: 'b', dependsOn: ['a'], returnTo: 'a' };
    const c = { ...emptyStep(), key: 'c', dependsOn: ['a', 'b'] };
    const renamed = renameStep([a, b, c], a.uid, 'intake');
    expect(renamed.map((s) => [s.key, s.dependsOn, s.returnTo])).toEqual([
      ['intake', [], ''],
      ['b', ['intake'], 'intake'],
      ['c', ['intake', 'b'], ''],
    ]);
    const removed = removeStep(renamed, a.uid);
    expect(removed.map((s) => [s.key, s.dependsOn, s.returnTo])).toEqual([
      ['b', [], ''],
      ['c', ['b'], ''],
    ]);
  });

  it("places the API's problems on the step and field they name", () => {
    expect(
      locateProblems([
        { field: 'steps[2].sla.duration', message: 'must be longer than zero' },
        { field: 'steps[0].reminders[1].before', message: 'must not be negative' },
        { field: 'steps[1]', message: 'must be an object' },
        { field: 'steps[1].deadline', message: 'is not a known field' },
        { field: 'name.es', message: 'must not be empty' },
        { field: 'steps', message: 'must list at least one step' },
      ]),
    ).toEqual([
      { step: 2, field: 'sla', path: 'steps[2].sla.duration', message: 'must be longer than zero' },
      {
        step: 0,
        field: 'reminders',
        path: 'steps[0].reminders[1].before',
        message: 'must not be negative',
      },
      { step: 1, field: 'step', path: 'steps[1]', message: 'must be an object' },
      { step: 1, field: 'step', path: 'steps[1].deadline', message: 'is not a known field' },
      { step: null, field: 'name', path: 'name.es', message: 'must not be empty' },
      { step: null, field: 'steps', path: 'steps', message: 'must list at least one step' },
    ]);
  });

  it("says the engine's messages as catalogue messages with their values", () => {
    expect(describeProblem("unknown step 'nope'")).toEqual({
      id: 'chainProblem.unknownStep',
      values: { key: 'nope' },
    });
    expect(describeProblem('dependency cycle: a → b → a (each step depends on the next)')).toEqual({
      id: 'chainProblem.cycle',
      values: { path: 'a → b → a' },
    });
    expect(describeProblem('must be an ISO 8601 duration such as PT30S, P3D or P1DT2H').id).toBe(
      'chainProblem.duration',
    );
    expect(describeProblem('must be a whole number from 1 to 3 (the number of assignees)')).toEqual(
      { id: 'chainProblem.range', values: { min: '1', max: '3' } },
    );
    expect(describeProblem('something new').id).toBe('chainProblem.invalid');
  });

  it('suggests a step key from a name', () => {
    expect(suggestKey('Revisión operativa de CBP')).toBe('revision-operativa-de-cbp');
    expect(suggestKey('  Co-chairs’ sign-off! ')).toBe('co-chairs-sign-off');
  });
});
