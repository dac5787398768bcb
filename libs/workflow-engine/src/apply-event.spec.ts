import { chainOf, engineError, stepDef } from '../test/helpers';
import { T0, WorkflowHarness } from '../test/workflow-harness';
import { applyEvent, replay } from './apply-event';
import type { WorkflowEvent } from './workflow-events';

const chain = chainOf(stepDef('a'), stepDef('b', { dependsOn: ['a'] }));
const at = T0.toISOString();
const started: WorkflowEvent = {
  type: 'workflow_started',
  at,
  actorId: 'u',
  data: { attributes: {} },
};
const activatedA: WorkflowEvent = {
  type: 'step_activated',
  at,
  actorId: 'u',
  data: { stepKey: 'a', round: 1, dueAt: null },
};

function refusal(events: WorkflowEvent[]): string {
  const error = engineError(() => replay(chain, events));
  expect(error.code).toBe('EVENT_INVALID');
  return error.message;
}

describe('applyEvent', () => {
  it('builds the initial state from workflow_started', () => {
    expect(applyEvent(chain, null, started)).toEqual({
      status: 'active',
      attributes: {},
      startedAt: at,
      completedAt: null,
      steps: ['a', 'b'].map((key) => ({
        key,
        status: 'pending',
        round: 0,
        activatedAt: null,
        dueAt: null,
        finishedAt: null,
        escalationLevel: 0,
        decisions: [],
      })),
    });
  });

  it('returns a new state and leaves the old one as it was', () => {
    const before = applyEvent(chain, null, started);
    const snapshot = JSON.parse(JSON.stringify(before));
    const after = applyEvent(chain, before, activatedA);
    expect(before).toEqual(snapshot);
    expect(after).not.toBe(before);
    expect(after.steps[1]).toBe(before.steps[1]);
  });

  it('refuses a history that does not start with workflow_started', () => {
    expect(refusal([])).toMatch(/at least workflow_started/);
    expect(refusal([activatedA])).toMatch(/has not started/);
    expect(refusal([started, started])).toMatch(/already started/);
  });

  it('refuses events for unknown steps or in the wrong status', () => {
    expect(
      refusal([started, { ...activatedA, data: { stepKey: 'z', round: 1, dueAt: null } }]),
    ).toMatch(/no step 'z'/);
    expect(
      refusal([
        started,
        { type: 'step_approved', at, actorId: 'u', data: { stepKey: 'a', round: 1 } },
      ]),
    ).toMatch(/step 'a' is pending/);
    expect(
      refusal([
        started,
        {
          type: 'decision_recorded',
          at,
          actorId: 'u',
          data: {
            stepKey: 'b',
            round: 0,
            assignee: 'agency:SRE',
            seat: 'agency',
            decision: 'approve',
            comment: null,
          },
        },
      ]),
    ).toMatch(/step 'b' is pending/);
    expect(
      refusal([
        started,
        {
          type: 'workflow_returned',
          at,
          actorId: null,
          data: { stepKey: 'a', round: 1, returnTo: 'x', resetSteps: ['x'] },
        },
      ]),
    ).toMatch(/no step 'x'/);
  });

  it('refuses rounds out of sequence', () => {
    expect(
      refusal([started, { ...activatedA, data: { stepKey: 'a', round: 2, dueAt: null } }]),
    ).toMatch(/round 2 follows 0/);
    expect(
      refusal([
        started,
        activatedA,
        { type: 'step_approved', at, actorId: 'u', data: { stepKey: 'a', round: 3 } },
      ]),
    ).toMatch(/round 1, not 3/);
  });

  it('refuses to complete a workflow with unfinished steps', () => {
    expect(refusal([started, { type: 'workflow_approved', at, actorId: null, data: {} }])).toMatch(
      /step 'a' is pending/,
    );
  });

  it('refuses anything after the workflow has ended', () => {
    const cancelled: WorkflowEvent = {
      type: 'workflow_cancelled',
      at,
      actorId: 'u',
      data: { comment: null },
    };
    expect(refusal([started, cancelled, activatedA])).toMatch(/workflow is cancelled/);
  });

  it('accepts document_attached in any status but only for a step of the chain', () => {
    const attached = (stepKey: string): WorkflowEvent => ({
      type: 'document_attached',
      at,
      actorId: 'u',
      data: {
        stepKey,
        documentId: 'd',
        version: 1,
        sha256: 'f'.repeat(64),
        title: 'T',
        kind: 'map',
      },
    });
    const cancelled: WorkflowEvent = {
      type: 'workflow_cancelled',
      at,
      actorId: 'u',
      data: { comment: null },
    };
    const ended = replay(chain, [started, cancelled]);
    expect(replay(chain, [started, attached('b'), cancelled, attached('a')])).toEqual(ended);
    expect(refusal([started, attached('zz')])).toMatch(/no step 'zz'/);
    expect(refusal([attached('a')])).toMatch(/has not started/);
  });

  it('refuses an unknown event type', () => {
    const odd = { type: 'step_postponed', at, actorId: null, data: {} } as unknown as WorkflowEvent;
    expect(refusal([started, odd])).toMatch(/unknown event type/);
  });
});

describe('replay', () => {
  it('rebuilds the state of a workflow from its stored history', () => {
    const run = new WorkflowHarness(
      chainOf(
        stepDef('a', { assignees: [{ technicalGroup: 'SON-AZ' }] }),
        stepDef('b', { dependsOn: ['a'] }),
      ),
    );
    run.approve('a', 'group:SON-AZ', ['mx']).later();
    run.requestChanges('a', 'group:SON-AZ', 'us');
    run.later().resubmit('a');
    run.approve('a', 'group:SON-AZ').later().approve('b', 'agency:SRE');
    const stored = JSON.parse(JSON.stringify(run.history)) as WorkflowEvent[];
    expect(replay(run.definition, stored)).toEqual(run.state);
    expect(run.state.status).toBe('approved');
  });
});
