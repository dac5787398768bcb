import { BORDER_CROSSING_PERMIT } from '../test/fixtures/border-crossing-permit';
import { agency, chainOf, engineError, expectCode, group, stepDef } from '../test/helpers';
import { T0, WorkflowHarness } from '../test/workflow-harness';
import { attach, cancel, decide, escalate, openSeats, remind, resubmit, start } from './commands';
import { WorkflowEngineError } from './errors';
import { replay } from './apply-event';
import { resolveProjectGroup } from './chain-definition';

const PERMIT = BORDER_CROSSING_PERMIT;

/** The permit chain walked up to its environmental review (both national files approved). */
function permitAtEnvironmentalReview(attributes = { involvesRail: false }): WorkflowHarness {
  const run = new WorkflowHarness(PERMIT, attributes);
  run.approve('regional-priority', 'group:SON-AZ');
  for (const code of ['SRE', 'SICT', 'ANAM', 'INDAABIN']) {
    run.approve('mx-technical-file', `agency:${code}`);
  }
  for (const code of ['CBP', 'GSA', 'FHWA', 'EPA', 'USIBWC']) {
    run.approve('us-agency-views', `agency:${code}`);
  }
  return run;
}

describe('start', () => {
  it('activates the steps without dependencies and leaves the rest pending', () => {
    const run = new WorkflowHarness(PERMIT, { involvesRail: false });
    expect(run.state).toEqual({
      status: 'active',
      attributes: { involvesRail: false },
      startedAt: T0.toISOString(),
      completedAt: null,
      steps: PERMIT.steps.map((step) => ({
        key: step.key,
        status: step.key === 'regional-priority' ? 'active' : 'pending',
        round: step.key === 'regional-priority' ? 1 : 0,
        activatedAt: step.key === 'regional-priority' ? T0.toISOString() : null,
        dueAt: step.key === 'regional-priority' ? '2026-03-03T15:00:00.000Z' : null,
        finishedAt: null,
        escalationLevel: 0,
        decisions: [],
      })),
    });
    expect(run.last.events).toEqual([
      {
        type: 'workflow_started',
        at: T0.toISOString(),
        actorId: 'coordinator',
        data: { attributes: { involvesRail: false } },
      },
      {
        type: 'step_activated',
        at: T0.toISOString(),
        actorId: 'coordinator',
        data: { stepKey: 'regional-priority', round: 1, dueAt: '2026-03-03T15:00:00.000Z' },
      },
    ]);
    expect(run.last.effects).toEqual([
      {
        type: 'step_activated',
        stepKey: 'regional-priority',
        round: 1,
        activatedAt: T0.toISOString(),
        dueAt: '2026-03-03T15:00:00.000Z',
      },
      {
        type: 'notify',
        notification: 'step_assigned',
        stepKey: 'regional-priority',
        round: 1,
        to: [{ assignee: 'group:SON-AZ' }],
      },
    ]);
  });

  it('refuses an invalid chain with every problem', () => {
    const error = engineError(() =>
      start(
        chainOf(stepDef('a', { dependsOn: ['b'] }), stepDef('b', { dependsOn: ['a'] })),
        { actorId: 'u' },
        T0,
      ),
    );
    expect(error).toBeInstanceOf(WorkflowEngineError);
    expect(error.code).toBe('CHAIN_INVALID');
    expect(error.problems).toEqual([
      {
        step: 'a',
        field: 'steps[0].dependsOn[0]',
        message: 'dependency cycle: a → b → a (each step depends on the next)',
        code: 'cycle',
        params: { steps: ['a', 'b', 'a'] },
      },
    ]);
  });

  it('validates against known codes when given', () => {
    const chain = chainOf(stepDef('a', { assignees: [agency('NASA')] }));
    expect(() => start(chain, { actorId: 'u' }, T0)).not.toThrow();
    expectCode(
      () => start(chain, { actorId: 'u' }, T0, { known: { agencies: ['CBP'] } }),
      'CHAIN_INVALID',
    );
  });

  it('asks the app for each deadline, and leaves it null without a calendar', () => {
    const dueAt = jest.fn(() => new Date('2026-03-20T00:00:00.000Z'));
    const chain = chainOf(stepDef('a', { sla: { businessDays: 10, calendar: 'MX' } }));
    const withCalendar = start(chain, { actorId: 'u' }, T0, { dueAt });
    expect(dueAt).toHaveBeenCalledWith(chain.steps[0], T0);
    expect(withCalendar.state.steps[0].dueAt).toBe('2026-03-20T00:00:00.000Z');
    expect(start(chain, { actorId: 'u' }, T0).state.steps[0].dueAt).toBeNull();
    const noDeadline = start(chain, { actorId: 'u' }, T0, { dueAt: () => null });
    expect(noDeadline.state.steps[0].dueAt).toBeNull();
  });

  it('runs independent steps in parallel', () => {
    const run = new WorkflowHarness(
      chainOf(stepDef('a'), stepDef('b'), stepDef('c', { dependsOn: ['a', 'b'] })),
    );
    expect(run.statuses()).toEqual({ a: 'active', b: 'active', c: 'pending' });
    expect(run.effects('step_activated').map((effect) => effect.stepKey)).toEqual(['a', 'b']);
  });

  it('skips a step whose condition does not match, and its dependants go ahead', () => {
    const chain = chainOf(
      stepDef('rail', { condition: { attribute: 'involvesRail', equals: true } }),
      stepDef('hazmat', { dependsOn: ['rail'], condition: { attribute: 'hazmat', in: ['yes'] } }),
      stepDef('sign-off', { dependsOn: ['hazmat'] }),
    );
    const run = new WorkflowHarness(chain, { involvesRail: false });
    expect(run.statuses()).toEqual({ rail: 'skipped', hazmat: 'skipped', 'sign-off': 'active' });
    expect(run.eventTypes()).toEqual([
      'workflow_started',
      'step_skipped',
      'step_skipped',
      'step_activated',
    ]);
    expect(run.step('rail')).toMatchObject({
      round: 0,
      activatedAt: null,
      finishedAt: T0.toISOString(),
    });
  });

  it('completes at once when every step is skipped', () => {
    const run = new WorkflowHarness(
      chainOf(stepDef('rail', { condition: { attribute: 'involvesRail', equals: true } })),
    );
    expect(run.state.status).toBe('approved');
    expect(run.state.completedAt).toBe(T0.toISOString());
    expect(run.eventTypes()).toEqual(['workflow_started', 'step_skipped', 'workflow_approved']);
    expect(run.effects('notify')).toEqual([
      {
        type: 'notify',
        notification: 'workflow_completed',
        to: [{ coordinator: true }, { signers: true }],
      },
    ]);
  });

  it('keeps its own copy of the attributes', () => {
    const attributes: Record<string, boolean> = { involvesRail: true };
    const { state } = start(PERMIT, { attributes, actorId: 'u' }, T0);
    attributes.involvesRail = false;
    expect(state.attributes).toEqual({ involvesRail: true });
  });
});

describe("start, with the project's own group as an assignee", () => {
  const chain = chainOf(
    stepDef('priority', { assignees: [{ projectGroup: true }, agency('SRE')] }),
    stepDef('views', { assignees: [agency('CBP')], dependsOn: ['priority'] }),
  );

  it('signs as the project group: recorded when the workflow starts, replayed from it', () => {
    const { state, events, effects } = start(chain, { projectGroup: 'BC-CA', actorId: 'c' }, T0);
    expect(state.projectGroup).toBe('BC-CA');
    expect(events[0].data).toEqual({ attributes: {}, projectGroup: 'BC-CA' });
    expect(effects).toContainEqual(
      expect.objectContaining({
        notification: 'step_assigned',
        to: [{ assignee: 'group:BC-CA' }, { assignee: 'agency:SRE' }],
      }),
    );
    const resolved = resolveProjectGroup(chain, 'BC-CA');
    expect(openSeats(resolved, state, 'priority')).toEqual([
      { assignee: 'group:BC-CA', seat: 'mx' },
      { assignee: 'group:BC-CA', seat: 'us' },
      { assignee: 'agency:SRE', seat: 'agency' },
    ]);
    // Another group's seat is not on the step.
    expectCode(
      () =>
        decide(
          resolved,
          state,
          {
            stepKey: 'priority',
            assignee: 'group:SON-AZ',
            seat: 'mx',
            decision: 'approve',
            actorId: 'x',
          },
          T0,
        ),
      'NOT_AN_ASSIGNEE',
    );
    const history = [...events];
    let next = { state };
    for (const [assignee, seat] of [
      ['group:BC-CA', 'mx'],
      ['group:BC-CA', 'us'],
      ['agency:SRE', 'agency'],
    ] as const) {
      const answer = decide(
        resolved,
        next.state,
        { stepKey: 'priority', assignee, seat, decision: 'approve', actorId: seat },
        T0,
      );
      history.push(...answer.events);
      next = answer;
    }
    expect(next.state.steps.map((step) => step.status)).toEqual(['approved', 'active']);
    expect(replay(resolved, history)).toEqual(next.state);
  });

  it('leaves a chain that does not name it as it was: no group recorded', () => {
    const { state, events } = start(
      chainOf(stepDef('a')),
      { projectGroup: 'BC-CA', actorId: 'c' },
      T0,
    );
    expect(state.projectGroup).toBeUndefined();
    expect(events[0].data).toEqual({ attributes: {} });
  });

  it('refuses to start on a project without a group, naming each step that needs it', () => {
    const error = engineError(() => start(chain, { actorId: 'c' }, T0));
    expect(error.code).toBe('PROJECT_GROUP_MISSING');
    expect(error.problems).toEqual([
      {
        step: 'priority',
        field: 'steps[0].assignees[0]',
        message:
          "step 'priority' needs the project's technical group ({ projectGroup: true }), and the project has none",
      },
    ]);
  });

  it('refuses a step that would name the same group twice once resolved', () => {
    const twice = chainOf(stepDef('a', { assignees: [{ projectGroup: true }, group('BC-CA')] }));
    const error = engineError(() => start(twice, { projectGroup: 'BC-CA', actorId: 'c' }, T0));
    expect(error.code).toBe('CHAIN_INVALID');
    expect(error.problems).toEqual([
      {
        step: 'a',
        field: 'steps[0].assignees[1]',
        message: 'duplicate assignee group:BC-CA',
        code: 'duplicate_assignee',
        params: { assignee: 'group:BC-CA' },
      },
    ]);
  });
});

describe('decide', () => {
  it('needs both co-chairs of a technical group', () => {
    const run = new WorkflowHarness(PERMIT, { involvesRail: true });
    run.approve('regional-priority', 'group:SON-AZ', ['us']);
    expect(run.step('regional-priority').status).toBe('active');
    expect(run.eventTypes()).toEqual(['decision_recorded']);
    expect(run.last.effects).toEqual([]);

    run.approve('regional-priority', 'group:SON-AZ', ['mx']);
    expect(run.statuses()).toMatchObject({
      'regional-priority': 'approved',
      'mx-technical-file': 'active',
      'us-agency-views': 'active',
      'rail-safety': 'active',
      'environmental-review': 'pending',
    });
    expect(run.step('regional-priority').decisions).toEqual([
      expect.objectContaining({ assignee: 'group:SON-AZ', seat: 'us', decision: 'approve' }),
      expect.objectContaining({ assignee: 'group:SON-AZ', seat: 'mx', decision: 'approve' }),
    ]);
  });

  it('records who decided, when, and activates the dependants in one go', () => {
    const run = new WorkflowHarness(PERMIT, { involvesRail: false });
    run.approve('regional-priority', 'group:SON-AZ', ['mx']).later(90);
    run.decide({
      stepKey: 'regional-priority',
      assignee: 'group:SON-AZ',
      seat: 'us',
      decision: 'approve',
      comment: 'Priority 1 for the region',
      actorId: 'us-chair',
    });
    const at = '2026-03-02T16:30:00.000Z';
    expect(run.last.events.map(({ type, at: when, actorId }) => ({ type, when, actorId }))).toEqual(
      [
        { type: 'decision_recorded', when: at, actorId: 'us-chair' },
        { type: 'step_approved', when: at, actorId: 'us-chair' },
        { type: 'step_activated', when: at, actorId: 'us-chair' },
        { type: 'step_activated', when: at, actorId: 'us-chair' },
        { type: 'step_skipped', when: at, actorId: 'us-chair' },
      ],
    );
    expect(run.last.events[0].data).toEqual({
      stepKey: 'regional-priority',
      round: 1,
      assignee: 'group:SON-AZ',
      seat: 'us',
      decision: 'approve',
      comment: 'Priority 1 for the region',
    });
    expect(run.step('regional-priority')).toMatchObject({ status: 'approved', finishedAt: at });
    expect(run.step('regional-priority').decisions[1]).toEqual({
      assignee: 'group:SON-AZ',
      seat: 'us',
      decision: 'approve',
      comment: 'Priority 1 for the region',
      actorId: 'us-chair',
      at,
    });
    expect(run.step('rail-safety').status).toBe('skipped');
    expect(run.last.effects).toEqual([
      { type: 'step_finished', stepKey: 'regional-priority', round: 1, status: 'approved' },
      {
        type: 'step_activated',
        stepKey: 'mx-technical-file',
        round: 1,
        activatedAt: at,
        dueAt: '2026-03-03T16:30:00.000Z',
      },
      {
        type: 'notify',
        notification: 'step_assigned',
        stepKey: 'mx-technical-file',
        round: 1,
        to: ['SRE', 'SICT', 'ANAM', 'INDAABIN'].map((code) => ({ assignee: `agency:${code}` })),
      },
      {
        type: 'step_activated',
        stepKey: 'us-agency-views',
        round: 1,
        activatedAt: at,
        dueAt: '2026-03-03T16:30:00.000Z',
      },
      {
        type: 'notify',
        notification: 'step_assigned',
        stepKey: 'us-agency-views',
        round: 1,
        to: ['CBP', 'GSA', 'FHWA', 'EPA', 'USIBWC'].map((code) => ({ assignee: `agency:${code}` })),
      },
    ]);
  });

  it('stores a blank approval comment as null', () => {
    const run = new WorkflowHarness(
      chainOf(stepDef('a', { assignees: [agency('CBP'), agency('GSA')] })),
    );
    run.decide({
      stepKey: 'a',
      assignee: 'agency:CBP',
      seat: 'agency',
      decision: 'approve',
      comment: '  ',
    });
    expect(run.step('a').decisions[0].comment).toBeNull();
  });

  it('approves the whole permit chain and notifies the coordinator and the signers', () => {
    const run = permitAtEnvironmentalReview({ involvesRail: true });
    run.approve('rail-safety', 'agency:FRA').approve('rail-safety', 'agency:ATTRAPI');
    run
      .approve('environmental-review', 'agency:EPA')
      .approve('environmental-review', 'agency:SEMARNAT');
    run
      .approve('boundary-hydraulics', 'agency:USIBWC')
      .approve('boundary-hydraulics', 'agency:CILA');
    run.approve('diplomatic-sign-off', 'agency:SRE').later();
    expect(run.state.status).toBe('active');
    run.approve('diplomatic-sign-off', 'agency:DOS');
    expect(run.state.status).toBe('approved');
    expect(run.state.completedAt).toBe(run.now.toISOString());
    expect(run.state.steps.every((step) => step.status === 'approved')).toBe(true);
    expect(run.eventTypes()).toEqual(['decision_recorded', 'step_approved', 'workflow_approved']);
    expect(run.effects('notify')).toEqual([
      {
        type: 'notify',
        notification: 'workflow_completed',
        to: [{ coordinator: true }, { signers: true }],
      },
    ]);
  });

  describe("rule 'any'", () => {
    const chain = chainOf(
      stepDef('customs', {
        assignees: [agency('ANAM'), agency('CBP'), group('TAMPS-TX')],
        rule: 'any',
      }),
    );

    it('approves on the first approval and then refuses the others', () => {
      const run = new WorkflowHarness(chain);
      run.approve('customs', 'agency:CBP');
      expect(run.state.status).toBe('approved');
      const again = new WorkflowHarness(
        chainOf(...chain.steps, stepDef('next', { dependsOn: ['customs'] })),
      );
      again.approve('customs', 'agency:CBP');
      expectCode(() => again.approve('customs', 'agency:ANAM'), 'STEP_NOT_ACTIVE');
    });

    it('rejects only when every assignee has rejected', () => {
      const run = new WorkflowHarness(chain);
      run.reject('customs', 'agency:ANAM');
      run.reject('customs', 'group:TAMPS-TX', 'us');
      expect(run.step('customs').status).toBe('active');
      expect(openSeats(chain, run.state, 'customs')).toEqual([
        { assignee: 'agency:CBP', seat: 'agency' },
      ]);
      run.reject('customs', 'agency:CBP');
      expect(run.state.status).toBe('rejected');
    });

    it('does not let the second co-chair sign for a group that has already rejected', () => {
      const run = new WorkflowHarness(chain);
      run.reject('customs', 'group:TAMPS-TX', 'mx');
      expectCode(() => run.approve('customs', 'group:TAMPS-TX', ['us']), 'ALREADY_DECIDED');
    });
  });

  describe('quorum', () => {
    const chain = chainOf(
      stepDef('views', {
        assignees: [agency('CBP'), agency('GSA'), agency('EPA'), agency('FHWA')],
        rule: { quorum: 3 },
      }),
    );

    it('approves at the quorum', () => {
      const run = new WorkflowHarness(chain);
      run.approve('views', 'agency:CBP').reject('views', 'agency:GSA');
      run.approve('views', 'agency:EPA');
      expect(run.step('views').status).toBe('active');
      run.approve('views', 'agency:FHWA');
      expect(run.step('views').status).toBe('approved');
    });

    it('rejects once more than assignees − quorum have rejected', () => {
      const run = new WorkflowHarness(chain);
      run.reject('views', 'agency:CBP');
      expect(run.step('views').status).toBe('active');
      run.reject('views', 'agency:GSA');
      expect(run.step('views').status).toBe('rejected');
      expect(run.state.status).toBe('rejected');
    });
  });

  describe('onReject end', () => {
    it('rejects the workflow and cancels every unfinished step', () => {
      const chain = chainOf(
        stepDef('a', { assignees: [agency('SRE'), agency('DOS')] }),
        stepDef('b', { assignees: [agency('CBP')] }),
        stepDef('c', { assignees: [agency('GSA')] }),
        stepDef('d', { assignees: [agency('EPA')] }),
        stepDef('e', { dependsOn: ['a'] }),
      );
      const run = new WorkflowHarness(chain);
      run.approve('c', 'agency:GSA');
      run.requestChanges('d', 'agency:EPA');
      run.approve('a', 'agency:SRE').later();
      run.reject('b', 'agency:CBP');
      const at = run.now.toISOString();
      expect(run.state).toMatchObject({ status: 'rejected', completedAt: at });
      expect(run.statuses()).toEqual({
        a: 'cancelled',
        b: 'rejected',
        c: 'approved',
        d: 'cancelled',
        e: 'cancelled',
      });
      expect(run.step('a')).toMatchObject({ finishedAt: at, decisions: [expect.anything()] });
      expect(run.last.events.map((event) => [event.type, event.data])).toEqual([
        ['decision_recorded', expect.objectContaining({ stepKey: 'b', decision: 'reject' })],
        ['step_rejected', { stepKey: 'b', round: 1 }],
        ['step_cancelled', { stepKey: 'a', round: 1 }],
        ['step_cancelled', { stepKey: 'd', round: 1 }],
        ['step_cancelled', { stepKey: 'e', round: 0 }],
        ['workflow_rejected', { stepKey: 'b' }],
      ]);
      expect(run.last.effects).toEqual([
        { type: 'step_finished', stepKey: 'b', round: 1, status: 'rejected' },
        {
          type: 'notify',
          notification: 'step_rejected',
          stepKey: 'b',
          round: 1,
          to: [{ coordinator: true }],
        },
        { type: 'step_finished', stepKey: 'a', round: 1, status: 'cancelled' },
        { type: 'step_finished', stepKey: 'd', round: 1, status: 'cancelled' },
        {
          type: 'notify',
          notification: 'workflow_rejected',
          to: [
            { coordinator: true },
            { signers: true },
            { assignee: 'agency:SRE' },
            { assignee: 'agency:DOS' },
            { assignee: 'agency:EPA' },
          ],
        },
      ]);
    });
  });

  describe('request changes and resubmit', () => {
    const chain = chainOf(
      stepDef('file', { assignees: [agency('SICT'), group('SON-AZ')] }),
      stepDef('next', { dependsOn: ['file'] }),
    );

    it('pauses the step, keeps the workflow active and tells the coordinator', () => {
      const run = new WorkflowHarness(chain);
      run.approve('file', 'agency:SICT');
      run.requestChanges('file', 'group:SON-AZ', 'us');
      expect(run.state.status).toBe('active');
      expect(run.step('file')).toMatchObject({
        status: 'changes_requested',
        round: 1,
        finishedAt: null,
        escalationLevel: 0,
      });
      expect(run.step('file').decisions).toHaveLength(2);
      expect(run.eventTypes()).toEqual(['decision_recorded', 'changes_requested']);
      expect(run.last.effects).toEqual([
        { type: 'step_finished', stepKey: 'file', round: 1, status: 'changes_requested' },
        {
          type: 'notify',
          notification: 'changes_requested',
          stepKey: 'file',
          round: 1,
          to: [{ coordinator: true }],
        },
      ]);
      expectCode(() => run.approve('file', 'group:SON-AZ', ['mx']), 'STEP_NOT_ACTIVE');
    });

    it('reopens the step in a new round with no decisions and a fresh deadline', () => {
      const run = new WorkflowHarness(chain);
      run.approve('file', 'agency:SICT');
      run.requestChanges('file', 'group:SON-AZ', 'mx');
      run.later(3 * 24 * 60).resubmit('file');
      const at = run.now.toISOString();
      expect(run.step('file')).toEqual({
        key: 'file',
        status: 'active',
        round: 2,
        activatedAt: at,
        dueAt: '2026-03-06T15:00:00.000Z',
        finishedAt: null,
        escalationLevel: 0,
        decisions: [],
      });
      expect(run.last.events.map((event) => [event.type, event.actorId, event.data])).toEqual([
        [
          'step_resubmitted',
          'coordinator',
          { stepKey: 'file', round: 1, comment: 'Study attached' },
        ],
        [
          'step_activated',
          'coordinator',
          { stepKey: 'file', round: 2, dueAt: '2026-03-06T15:00:00.000Z' },
        ],
      ]);
      expect(run.last.effects).toEqual([
        { type: 'step_finished', stepKey: 'file', round: 1, status: 'active' },
        {
          type: 'step_activated',
          stepKey: 'file',
          round: 2,
          activatedAt: at,
          dueAt: '2026-03-06T15:00:00.000Z',
        },
        {
          type: 'notify',
          notification: 'step_assigned',
          stepKey: 'file',
          round: 2,
          to: [{ assignee: 'agency:SICT' }, { assignee: 'group:SON-AZ' }],
        },
      ]);
      run.approve('file', 'agency:SICT').approve('file', 'group:SON-AZ');
      expect(run.statuses()).toEqual({ file: 'approved', next: 'active' });
    });

    it('only resubmits a step whose changes were requested', () => {
      const run = new WorkflowHarness(chain);
      expectCode(() => run.resubmit('file'), 'STEP_NOT_CHANGES_REQUESTED');
      expectCode(() => run.resubmit('next'), 'STEP_NOT_CHANGES_REQUESTED');
      expectCode(() => run.resubmit('nope'), 'STEP_NOT_FOUND');
      run.requestChanges('file', 'agency:SICT');
      run.cancel();
      expectCode(() => run.resubmit('file'), 'WORKFLOW_NOT_ACTIVE');
    });
  });

  describe('onReject returnTo', () => {
    it('sends the permit back to the MX technical file and runs it and everything after it again', () => {
      const run = permitAtEnvironmentalReview();
      expect(run.step('environmental-review').status).toBe('active');
      run.approve('environmental-review', 'agency:SEMARNAT').later();
      run.reject('environmental-review', 'agency:EPA');
      const at = run.now.toISOString();

      expect(run.state.status).toBe('active');
      expect(run.statuses()).toEqual({
        'regional-priority': 'approved',
        'mx-technical-file': 'active',
        'us-agency-views': 'approved',
        'rail-safety': 'skipped',
        'environmental-review': 'pending',
        'boundary-hydraulics': 'pending',
        'diplomatic-sign-off': 'pending',
      });
      expect(run.step('mx-technical-file')).toEqual({
        key: 'mx-technical-file',
        status: 'active',
        round: 2,
        activatedAt: at,
        dueAt: '2026-03-03T16:00:00.000Z',
        finishedAt: null,
        escalationLevel: 0,
        decisions: [],
      });
      expect(run.step('environmental-review')).toEqual({
        key: 'environmental-review',
        status: 'pending',
        round: 1,
        activatedAt: null,
        dueAt: null,
        finishedAt: null,
        escalationLevel: 0,
        decisions: [],
      });
      expect(run.last.events.map((event) => [event.type, event.data])).toEqual([
        ['decision_recorded', expect.objectContaining({ decision: 'reject' })],
        ['step_rejected', { stepKey: 'environmental-review', round: 1 }],
        [
          'workflow_returned',
          {
            stepKey: 'environmental-review',
            round: 1,
            returnTo: 'mx-technical-file',
            resetSteps: [
              'mx-technical-file',
              'environmental-review',
              'boundary-hydraulics',
              'diplomatic-sign-off',
            ],
          },
        ],
        [
          'step_activated',
          { stepKey: 'mx-technical-file', round: 2, dueAt: '2026-03-03T16:00:00.000Z' },
        ],
      ]);
      expect(run.last.effects.filter((effect) => effect.type !== 'notify')).toEqual([
        { type: 'step_finished', stepKey: 'environmental-review', round: 1, status: 'rejected' },
        {
          type: 'step_activated',
          stepKey: 'mx-technical-file',
          round: 2,
          activatedAt: at,
          dueAt: '2026-03-03T16:00:00.000Z',
        },
      ]);
      expect(run.effects('notify').map((effect) => effect.notification)).toEqual([
        'step_rejected',
        'step_assigned',
      ]);

      for (const code of ['SRE', 'SICT', 'ANAM', 'INDAABIN']) {
        run.approve('mx-technical-file', `agency:${code}`);
      }
      expect(run.step('environmental-review')).toMatchObject({ status: 'active', round: 2 });
    });

    it('puts active steps downstream of the target back to pending and leaves the others alone', () => {
      const chain = chainOf(
        stepDef('intake'),
        stepDef('studies', { dependsOn: ['intake'], assignees: [agency('EPA')] }),
        stepDef('review', {
          dependsOn: ['intake'],
          assignees: [agency('CBP')],
          onReject: { returnTo: 'intake' },
        }),
        stepDef('outreach', { assignees: [agency('DOS')] }),
      );
      const run = new WorkflowHarness(chain);
      run.approve('intake', 'agency:SRE');
      run.requestChanges('studies', 'agency:EPA');
      run.reject('review', 'agency:CBP');
      expect(run.statuses()).toEqual({
        intake: 'active',
        studies: 'pending',
        review: 'pending',
        outreach: 'active',
      });
      expect(run.step('intake').round).toBe(2);
      expect(run.step('outreach').round).toBe(1);
      expect(run.effects('step_finished')).toEqual([
        { type: 'step_finished', stepKey: 'review', round: 1, status: 'rejected' },
        { type: 'step_finished', stepKey: 'studies', round: 1, status: 'pending' },
      ]);
    });

    it('skips a target whose condition still fails, so the rejecting step runs again at once', () => {
      const chain = chainOf(
        stepDef('rail', { condition: { attribute: 'involvesRail', equals: true } }),
        stepDef('review', { dependsOn: ['rail'], onReject: { returnTo: 'rail' } }),
      );
      const run = new WorkflowHarness(chain, { involvesRail: false });
      run.reject('review', 'agency:SRE');
      expect(run.statuses()).toEqual({ rail: 'skipped', review: 'active' });
      expect(run.step('review').round).toBe(2);
      expect(run.eventTypes()).toEqual([
        'decision_recorded',
        'step_rejected',
        'workflow_returned',
        'step_skipped',
        'step_activated',
      ]);
    });
  });

  describe('refusals', () => {
    const chain = chainOf(
      stepDef('a', { assignees: [agency('SRE'), group('SON-AZ')] }),
      stepDef('b', { dependsOn: ['a'] }),
    );

    it('refuses an unknown step', () => {
      const run = new WorkflowHarness(chain);
      expectCode(() => run.approve('z', 'agency:SRE'), 'STEP_NOT_FOUND');
    });

    it('refuses an assignee that is not on the step', () => {
      const run = new WorkflowHarness(chain);
      expectCode(() => run.approve('a', 'agency:CBP'), 'NOT_AN_ASSIGNEE');
      expectCode(() => run.approve('a', 'SRE'), 'NOT_AN_ASSIGNEE');
    });

    it('refuses a seat that does not fit the assignee', () => {
      const run = new WorkflowHarness(chain);
      expectCode(() => run.approve('a', 'agency:SRE', ['mx']), 'SEAT_INVALID');
      expectCode(() => run.approve('a', 'group:SON-AZ', ['agency']), 'SEAT_INVALID');
    });

    it.each([undefined, null, '', '   '])(
      'requires a comment to reject or request changes (%p)',
      (comment) => {
        const run = new WorkflowHarness(chain);
        for (const decision of ['reject', 'request_changes'] as const) {
          expectCode(
            () =>
              run.decide({
                stepKey: 'a',
                assignee: 'agency:SRE',
                seat: 'agency',
                decision,
                comment,
              }),
            'COMMENT_REQUIRED',
          );
        }
      },
    );

    it('refuses a step that is not active', () => {
      const run = new WorkflowHarness(chain);
      expectCode(() => run.approve('b', 'agency:SRE'), 'STEP_NOT_ACTIVE');
    });

    it('refuses a second decision from the same seat in a round', () => {
      const run = new WorkflowHarness(chain);
      run.approve('a', 'agency:SRE');
      expectCode(() => run.approve('a', 'agency:SRE'), 'ALREADY_DECIDED');
      expectCode(() => run.reject('a', 'agency:SRE'), 'ALREADY_DECIDED');
      run.approve('a', 'group:SON-AZ', ['mx']);
      expectCode(() => run.approve('a', 'group:SON-AZ', ['mx']), 'ALREADY_DECIDED');
    });

    it('refuses any decision once the workflow has ended', () => {
      const run = new WorkflowHarness(chain);
      run.reject('a', 'agency:SRE');
      expectCode(() => run.approve('a', 'group:SON-AZ'), 'WORKFLOW_NOT_ACTIVE');
    });

    it('checks the request before the state: who and what first, then whether it is the moment', () => {
      const run = new WorkflowHarness(chain);
      run.cancel();
      expectCode(() => run.approve('b', 'agency:CBP'), 'NOT_AN_ASSIGNEE');
      expectCode(
        () =>
          run.decide({ stepKey: 'b', assignee: 'agency:SRE', seat: 'agency', decision: 'reject' }),
        'COMMENT_REQUIRED',
      );
      expectCode(() => run.approve('b', 'agency:SRE'), 'WORKFLOW_NOT_ACTIVE');
    });

    it('leaves the state untouched when it refuses', () => {
      const run = new WorkflowHarness(chain);
      const before = run.state;
      expectCode(() => run.approve('b', 'agency:SRE'), 'STEP_NOT_ACTIVE');
      expect(run.state).toBe(before);
      expect(run.history).toHaveLength(2);
    });
  });
});

describe('cancel', () => {
  it('cancels every unfinished step and keeps the finished ones', () => {
    const chain = chainOf(
      stepDef('a'),
      stepDef('b', { assignees: [agency('CBP')] }),
      stepDef('c', { dependsOn: ['a'], assignees: [agency('GSA')] }),
      stepDef('d', { condition: { attribute: 'x', equals: 1 } }),
      stepDef('e', { dependsOn: ['c'] }),
      stepDef('f', { assignees: [group('BC-CA')] }),
    );
    const run = new WorkflowHarness(chain);
    run.approve('a', 'agency:SRE');
    run.requestChanges('f', 'group:BC-CA', 'us');
    run.later().cancel();
    const at = run.now.toISOString();
    expect(run.state).toMatchObject({ status: 'cancelled', completedAt: at });
    expect(run.statuses()).toEqual({
      a: 'approved',
      b: 'cancelled',
      c: 'cancelled',
      d: 'skipped',
      e: 'cancelled',
      f: 'cancelled',
    });
    expect(run.step('e')).toMatchObject({ round: 0, finishedAt: at });
    expect(run.last.events.map((event) => [event.type, event.data])).toEqual([
      ['step_cancelled', { stepKey: 'b', round: 1 }],
      ['step_cancelled', { stepKey: 'c', round: 1 }],
      ['step_cancelled', { stepKey: 'e', round: 0 }],
      ['step_cancelled', { stepKey: 'f', round: 1 }],
      ['workflow_cancelled', { comment: 'Withdrawn' }],
    ]);
    expect(run.last.effects).toEqual([
      { type: 'step_finished', stepKey: 'b', round: 1, status: 'cancelled' },
      { type: 'step_finished', stepKey: 'c', round: 1, status: 'cancelled' },
      { type: 'step_finished', stepKey: 'f', round: 1, status: 'cancelled' },
      {
        type: 'notify',
        notification: 'workflow_cancelled',
        to: [
          { coordinator: true },
          { signers: true },
          { assignee: 'agency:CBP' },
          { assignee: 'agency:GSA' },
          { assignee: 'group:BC-CA' },
        ],
      },
    ]);
  });

  it('refuses a workflow that has already ended', () => {
    const run = new WorkflowHarness(chainOf(stepDef('a')));
    run.cancel();
    expectCode(() => run.cancel(), 'WORKFLOW_NOT_ACTIVE');
    const approved = new WorkflowHarness(chainOf(stepDef('a')));
    approved.approve('a', 'agency:SRE');
    expectCode(
      () => cancel(approved.definition, approved.state, { actorId: 'u' }, T0),
      'WORKFLOW_NOT_ACTIVE',
    );
  });

  it('records a missing comment as null', () => {
    const run = new WorkflowHarness(chainOf(stepDef('a')));
    const { events } = cancel(run.definition, run.state, { actorId: null }, T0);
    expect(events.at(-1)).toEqual({
      type: 'workflow_cancelled',
      at: T0.toISOString(),
      actorId: null,
      data: { comment: null },
    });
  });
});

describe('remind and escalate', () => {
  it('records a reminder with who still owes the round and tells only them and the coordinator', () => {
    const run = new WorkflowHarness(PERMIT, { involvesRail: false });
    run.decide({
      stepKey: 'regional-priority',
      assignee: 'group:SON-AZ',
      seat: 'mx',
      decision: 'approve',
    });
    run.later().remind({ stepKey: 'regional-priority', round: 1, ordinal: 1 });
    expect(run.last.events).toEqual([
      {
        type: 'reminder_sent',
        at: run.now.toISOString(),
        actorId: null,
        data: { stepKey: 'regional-priority', round: 1, ordinal: 1, pending: ['SON-AZ'] },
      },
    ]);
    expect(run.last.effects).toEqual([
      {
        type: 'notify',
        notification: 'reminder',
        stepKey: 'regional-priority',
        round: 1,
        ordinal: 1,
        to: [{ assignee: 'group:SON-AZ', seat: 'us' }, { coordinator: true }],
      },
    ]);
    expect(run.step('regional-priority').escalationLevel).toBe(0);
  });

  it('raises the escalation level once per escalation, and a new round starts from zero', () => {
    const run = permitAtEnvironmentalReview();
    const round = run.step('environmental-review').round;
    run.escalate({ stepKey: 'environmental-review', round, ordinal: 0 });
    expect(run.step('environmental-review').escalationLevel).toBe(1);
    const second = run.escalate({ stepKey: 'environmental-review', round, ordinal: 0 });
    expect(second.events[0]).toMatchObject({
      type: 'escalated',
      actorId: null,
      data: { stepKey: 'environmental-review', round, ordinal: 0, escalationLevel: 2 },
    });
    expect(run.step('environmental-review').escalationLevel).toBe(2);
    const targets = PERMIT.steps.find((s) => s.key === 'environmental-review')!.escalations![0];
    expect(second.events[0].data).toMatchObject({ notify: targets.notify });

    run.requestChanges('environmental-review', 'agency:EPA');
    run.resubmit('environmental-review');
    expect(run.step('environmental-review')).toMatchObject({
      round: round + 1,
      escalationLevel: 0,
    });
  });

  it('refuses a timer of a round that is over, or one the step does not have', () => {
    const run = new WorkflowHarness(PERMIT, { involvesRail: false });
    const stale = { stepKey: 'regional-priority', round: 1, ordinal: 0 };
    run.approve('regional-priority', 'group:SON-AZ');
    expectCode(() => remind(PERMIT, run.state, stale, T0), 'STEP_NOT_ACTIVE');
    expectCode(
      () => escalate(PERMIT, run.state, { stepKey: 'mx-technical-file', round: 0, ordinal: 0 }, T0),
      'ROUND_OVER',
    );
    expectCode(
      () => remind(PERMIT, run.state, { stepKey: 'mx-technical-file', round: 1, ordinal: 9 }, T0),
      'TIMER_NOT_FOUND',
    );
    run.cancel();
    expectCode(
      () => remind(PERMIT, run.state, { stepKey: 'mx-technical-file', round: 1, ordinal: 0 }, T0),
      'WORKFLOW_NOT_ACTIVE',
    );
  });
});

describe('documents in the history', () => {
  const sha = (digit: string) => digit.repeat(64);
  const cited = { documentId: 'doc-1', version: 2, sha256: sha('a') };

  it('records the cited versions in the decision, and nothing new when none is cited', () => {
    const run = new WorkflowHarness(
      chainOf(stepDef('a', { assignees: [agency('CBP'), agency('GSA')] })),
    );
    run.decide({ stepKey: 'a', assignee: 'agency:CBP', seat: 'agency', decision: 'approve' });
    expect(run.last.events[0].data).not.toHaveProperty('documents');
    run.decide({
      stepKey: 'a',
      assignee: 'agency:GSA',
      seat: 'agency',
      decision: 'approve',
      documents: [cited, { documentId: 'doc-2', version: 1, sha256: sha('b') }],
    });
    expect(run.last.events[0]).toMatchObject({
      type: 'decision_recorded',
      data: {
        assignee: 'agency:GSA',
        documents: [cited, { documentId: 'doc-2', version: 1, sha256: sha('b') }],
      },
    });
    // The state keeps signatures, not citations: the rows need no new column to replay.
    expect(run.step('a').decisions[1]).not.toHaveProperty('documents');
  });

  it('refuses a cited version that is not well formed, before the state is looked at', () => {
    const chain = chainOf(stepDef('a'));
    const { state } = start(chain, { actorId: 'u' }, T0);
    const base = {
      stepKey: 'a',
      assignee: 'agency:SRE',
      seat: 'agency' as const,
      decision: 'approve' as const,
      actorId: 'u',
    };
    for (const bad of [
      { ...cited, version: 0 },
      { ...cited, version: 1.5 },
      { ...cited, sha256: 'A'.repeat(64) },
      { ...cited, sha256: sha('a').slice(1) },
    ])
      expectCode(() => decide(chain, state, { ...base, documents: [bad] }, T0), 'DOCUMENT_INVALID');
  });

  it('records an attachment to a step without changing the state, even once the workflow ended', () => {
    const run = new WorkflowHarness(chainOf(stepDef('a'), stepDef('b', { dependsOn: ['a'] })));
    const attachment = { stepKey: 'b', ...cited, title: 'MIA', kind: 'environmental' };
    const before = run.state;
    run.attach(attachment);
    expect(run.last.events).toEqual([
      { type: 'document_attached', at: T0.toISOString(), actorId: 'uploader', data: attachment },
    ]);
    expect(run.last.effects).toEqual([]);
    expect(run.state).toEqual(before);
    run.approve('a', 'agency:SRE').approve('b', 'agency:SRE');
    expect(run.state.status).toBe('approved');
    run.attach({ ...attachment, kind: 'permit', title: 'Presidential Permit', version: 3 });
    expect(run.state.status).toBe('approved');
    expect(run.history.filter((event) => event.type === 'document_attached')).toHaveLength(2);
  });

  it('refuses an attachment to a step the chain does not have, or a malformed one', () => {
    const run = new WorkflowHarness(chainOf(stepDef('a')));
    const attachment = { stepKey: 'a', ...cited, title: 'MIA', kind: 'environmental' };
    expectCode(() => run.attach({ ...attachment, stepKey: 'nope' }), 'STEP_NOT_FOUND');
    expectCode(() => run.attach({ ...attachment, sha256: 'x' }), 'DOCUMENT_INVALID');
    expectCode(() => run.attach({ ...attachment, title: ' ' }), 'DOCUMENT_INVALID');
    expect(() =>
      attach(run.definition, run.state, { ...attachment, actorId: null }, T0),
    ).not.toThrow();
  });
});

describe('openSeats', () => {
  it('lists nothing for a step that is not active or a workflow that has ended', () => {
    const chain = chainOf(
      stepDef('a', { assignees: [group('SON-AZ')] }),
      stepDef('b', { dependsOn: ['a'] }),
    );
    const run = new WorkflowHarness(chain);
    expect(openSeats(chain, run.state, 'a')).toEqual([
      { assignee: 'group:SON-AZ', seat: 'mx' },
      { assignee: 'group:SON-AZ', seat: 'us' },
    ]);
    expect(openSeats(chain, run.state, 'b')).toEqual([]);
    expect(openSeats(chain, run.state, 'nope')).toEqual([]);
    run.cancel();
    expect(openSeats(chain, run.state, 'a')).toEqual([]);
  });
});

describe('purity', () => {
  it('gives the same answer for the same input', () => {
    const chain = chainOf(stepDef('a', { assignees: [agency('SRE'), agency('DOS')] }));
    const { state } = start(chain, { actorId: 'u' }, T0);
    const command = {
      stepKey: 'a',
      assignee: 'agency:DOS',
      seat: 'agency' as const,
      decision: 'approve' as const,
      actorId: 'u',
    };
    expect(decide(chain, state, command, T0)).toEqual(decide(chain, state, command, T0));
    expect(() => resubmit(chain, state, { stepKey: 'a', actorId: 'u' }, T0)).toThrow(
      WorkflowEngineError,
    );
  });
});
