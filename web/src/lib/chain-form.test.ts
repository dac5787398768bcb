import {
  describeProblem,
  emptyStep,
  formProblems,
  fromChainStep,
  knownAttributes,
  locateProblems,
  parseValue,
  removeStep,
  renameStep,
  returnTargets,
  stepName,
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

  it('reads Yes and No in either language as booleans, and writes a stored boolean in the reader’s words', () => {
    expect(['Yes', 'no', 'Sí', 'SI', 'NO'].map(parseValue)).toEqual([
      true,
      false,
      true,
      true,
      false,
    ]);
    const step: ChainStep = { ...FULL, condition: { attribute: 'involvesRail', equals: true } };
    expect(fromChainStep(step).conditionValue).toBe('Yes');
    const es = fromChainStep(
      { ...FULL, condition: { attribute: 'involvesRail', in: [false, 2] } },
      { yes: 'Sí', no: 'No' },
    );
    expect(es.conditionValue).toBe('No, 2');
    expect(toChainStep(es).condition).toEqual({ attribute: 'involvesRail', in: [false, 2] });
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

  it("places the API's problems on the step, the part and the control they name", () => {
    const a = { ...emptyStep(), key: 'a' };
    const b = { ...emptyStep(), key: 'b', dependsOn: ['a'], rule: 'quorum' as const };
    b.escalations = [{ after: 'PT0S', notify: ['admin', 'admin'] }];
    const c = { ...emptyStep(), key: 'c', conditionOn: true, conditionAttribute: 'x' };
    const form = { key: 'k', nameEn: '', nameEs: '', steps: [a, b, c] };
    const at = (field: string) => locateProblems([{ field, message: 'm' }], form)[0];
    const place = (field: string) => {
      const p = at(field);
      return [p.step, p.field, p.control, p.target];
    };
    // Each language of a name on its own field.
    expect(place('steps[0].name.en')).toEqual([0, 'name', 'nameEn', `step-${a.uid}-nameEn`]);
    expect(place('steps[0].name.es')).toEqual([0, 'name', 'nameEs', `step-${a.uid}-nameEs`]);
    // A quorum on the number of approvals, not on the rule's first choice.
    expect(place('steps[1].rule.quorum')).toEqual([1, 'rule', 'quorum', `step-${b.uid}-quorum`]);
    expect(place('steps[1].rule')).toEqual([1, 'rule', 'rule-quorum', `step-${b.uid}-rule-quorum`]);
    // A dependency on the box of the step it names.
    expect(place('steps[1].dependsOn[0]')).toEqual([
      1,
      'dependsOn',
      `dep-${a.uid}`,
      `step-${b.uid}-dep-${a.uid}`,
    ]);
    expect(place('steps[1].escalations[0].notify[1]')[2]).toBe('esc-0-admin');
    expect(place('steps[1].escalations[0].after')[2]).toBe('esc-0-after');
    expect(place('steps[2].condition.attribute')[2]).toBe('condition-attribute');
    expect(place('steps[2].condition.equals')[2]).toBe('condition-value');
    expect(place('steps[2].condition.in[1]')[2]).toBe('condition-value');
    expect(place('steps[0].sla.duration')[2]).toBe('sla-duration-value');
    expect(place('steps[0].sla.businessDays')[2]).toBe('sla-days');
    // A calendar on its chosen radio.
    expect(place('steps[0].sla.calendar')[2]).toBe('sla-calendar-binational');
    expect(place('steps[0].reminders[1].before')).toEqual([
      0,
      'reminders',
      'reminder-1',
      `step-${a.uid}-reminder-1`,
    ]);
    expect(place('steps[1]')).toEqual([1, 'step', 'title', `step-${b.uid}-title`]);
    expect(place('steps[1].deadline')).toEqual([1, 'step', 'title', `step-${b.uid}-title`]);
    // The chain's own fields, each on its control.
    expect(place('key')).toEqual([null, 'key', 'chain-key', 'chain-key']);
    expect(place('name.en')).toEqual([null, 'name', 'chain-nameEn', 'chain-nameEn']);
    expect(place('name.es')).toEqual([null, 'name', 'chain-nameEs', 'chain-nameEs']);
    expect(place('steps')).toEqual([null, 'steps', 'add-step', 'add-step']);
    expect(
      locateProblems(
        [{ field: 'steps[2].sla.duration', message: 'must be longer than zero', code: 'positive' }],
        form,
      ),
    ).toEqual([
      {
        step: 2,
        field: 'sla',
        control: 'sla-duration-value',
        target: `step-${c.uid}-sla-duration-value`,
        path: 'steps[2].sla.duration',
        message: 'must be longer than zero',
        code: 'positive',
        params: undefined,
      },
    ]);
  });

  it("says the engine's problems by their code, with their values", () => {
    expect(describeProblem({ code: 'unknown_step', params: { key: 'nope' } })).toEqual({
      id: 'chainProblem.unknownStep',
      values: { key: 'nope' },
    });
    const names: Record<string, string> = { a: 'Intake', b: 'Review' };
    expect(
      describeProblem({ code: 'cycle', params: { steps: ['a', 'b', 'a'] } }, (k) => names[k]),
    ).toEqual({ id: 'chainProblem.cycle', values: { path: 'Intake → Review → Intake' } });
    expect(describeProblem({ code: 'duration' }).id).toBe('chainProblem.duration');
    expect(describeProblem({ code: 'range', params: { min: 1, max: 3 } })).toEqual({
      id: 'chainProblem.range',
      values: { min: 1, max: 3 },
    });
    expect(describeProblem({ code: 'range', params: { min: 1 } })).toEqual({
      id: 'chainProblem.rangeAssignees',
      values: { min: 1 },
    });
    expect(
      describeProblem({ code: 'one_of', params: { values: ['MX', 'US', 'binational'] } }),
    ).toEqual({ id: 'chainProblem.oneOf', values: { values: 'MX, US, binational' } });
    expect(describeProblem({ code: 'required' }).id).toBe('chainProblem.required');
    expect(describeProblem({ code: 'key_format', params: { max: 64 } })).toEqual({
      id: 'chainProblem.keyFormat',
      values: { max: 64 },
    });
    // A problem without a code (an older service) is not guessed from its English words.
    expect(describeProblem({})).toEqual({ id: 'chainProblem.invalid', values: {} });
  });

  it('offers a rejection only the steps this one runs after, directly or through others', () => {
    // a → b → c, and d after a in parallel with b; e waits on nothing.
    const a = { ...emptyStep(), key: 'a' };
    const b = { ...emptyStep(), key: 'b', dependsOn: ['a'] };
    const c = { ...emptyStep(), key: 'c', dependsOn: ['b'] };
    const d = { ...emptyStep(), key: 'd', dependsOn: ['a'] };
    const e = { ...emptyStep(), key: 'e' };
    const steps = [a, b, c, d, e];
    const keys = (uid: string) => returnTargets(steps, uid).map((s) => s.key);
    expect(keys(c.uid)).toEqual(['a', 'b']); // not d (parallel), not e (unrelated)
    expect(keys(b.uid)).toEqual(['a']);
    expect(keys(d.uid)).toEqual(['a']);
    expect(keys(a.uid)).toEqual([]); // nothing before the first step
    expect(keys(e.uid)).toEqual([]);
    expect(keys('no-such-step')).toEqual([]);
    // A cycle (a waits on c) ends: every step of it, never the step itself.
    const cyclic = [{ ...a, dependsOn: ['c'] }, b, c];
    expect(returnTargets(cyclic, a.uid).map((s) => s.key)).toEqual(['b', 'c']);
    // Steps without a key yet, and another step of its own key, are not offered.
    const blank = { ...emptyStep(), key: '' };
    const twin = { ...emptyStep(), key: 'c', dependsOn: ['b'] };
    expect(returnTargets([a, b, blank, c, twin], c.uid).map((s) => s.key)).toEqual(['a', 'b']);
  });

  it('names a return to a step this one no longer runs after on its field, not dropping it', () => {
    const a = { ...emptyStep(), key: 'a' };
    const b = { ...emptyStep(), key: 'b', dependsOn: ['a'] };
    const c = { ...emptyStep(), key: 'c', dependsOn: ['b'], returnTo: 'a' };
    const form = { key: 'k', nameEn: '', nameEs: '', steps: [a, b, c] };
    expect(formProblems(form)).toEqual([]);
    // c no longer runs after b (and so after a): its return to a is a problem on that field.
    const changed = { ...form, steps: [a, b, { ...c, dependsOn: [] }] };
    expect(formProblems(changed)).toEqual([
      {
        step: 2,
        field: 'onReject',
        control: 'onReject',
        target: `step-${c.uid}-onReject`,
        path: 'steps[2].onReject.returnTo',
        message: expect.any(String),
        code: 'return_to',
        params: { step: 'c', returnTo: 'a' },
      },
    ]);
    // The choice itself is kept, for the person to change.
    expect(changed.steps[2].returnTo).toBe('a');
    // Said in words naming the step; the service's own problem (no name) in general terms.
    const names: Record<string, string> = { a: 'Technical file' };
    expect(describeProblem(formProblems(changed)[0], (k) => names[k])).toEqual({
      id: 'chainProblem.returnToNamed',
      values: { name: 'Technical file' },
    });
    expect(describeProblem({ code: 'return_to', params: { step: 'c' } })).toEqual({
      id: 'chainProblem.returnTo',
      values: {},
    });
    // Ending the workflow is always allowed.
    expect(formProblems({ ...form, steps: [a, b, { ...c, dependsOn: [], returnTo: '' }] })).toEqual(
      [],
    );
  });

  it("names a step in the reader's language, else in the other one, else by its key", () => {
    const step = { nameEn: 'Customs review', nameEs: 'Revisión aduanal', key: 'customs' };
    expect(stepName(step, 'es')).toBe('Revisión aduanal');
    expect(stepName(step, 'en')).toBe('Customs review');
    expect(stepName({ ...step, nameEs: '  ' }, 'es')).toBe('Customs review');
    expect(stepName({ ...step, nameEn: '' }, 'en')).toBe('Revisión aduanal');
    expect(stepName({ nameEn: '', nameEs: '', key: 'customs' }, 'es')).toBe('customs');
    expect(stepName({ nameEn: '', nameEs: '', key: '' }, 'en')).toBe('');
  });

  it('suggests the project attributes the catalogue has words for', () => {
    expect(
      knownAttributes([
        'project.attributes',
        'project.attribute',
        'project.attribute.river',
        'project.attribute.involvesRail',
        'chainEditor.condition.attribute',
      ]),
    ).toEqual(['involvesRail', 'river']);
  });

  it('suggests a step key from a name', () => {
    expect(suggestKey('Revisión operativa de CBP')).toBe('revision-operativa-de-cbp');
    expect(suggestKey('  Co-chairs’ sign-off! ')).toBe('co-chairs-sign-off');
  });
});
