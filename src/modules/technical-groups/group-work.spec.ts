import {
  generateAgenda,
  mergeAgenda,
  type OpenStep,
  type ProjectRef,
  type SentBackStep,
  summarizeGroupWork,
  urgencyOf,
} from './group-work';

const NOW = new Date('2026-07-01T12:00:00Z');
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
const name = (text: string) => ({ en: text, es: `${text} (es)` });

const bridge: ProjectRef = { id: 'p1', code: 'BRIDGE', name: name('Bridge'), status: 'active' };
const port: ProjectRef = { id: 'p2', code: 'APORT', name: name('Port'), status: 'active' };
const idle: ProjectRef = { id: 'p3', code: 'IDLE', name: name('Idle'), status: 'active' };

function step(overrides: Partial<OpenStep>): OpenStep {
  return {
    projectId: 'p1',
    workflowId: 'w1',
    chainKey: 'permit',
    stepKey: 'intake',
    stepName: name('Intake'),
    activatedAt: days(-10),
    dueAt: days(3),
    escalationLevel: 0,
    holders: [{ agencyCode: 'SRE', country: 'MX' }],
    ...overrides,
  };
}

describe('urgencyOf', () => {
  it('sorts a deadline into overdue, due soon, on track or none', () => {
    expect(urgencyOf(days(-0.01), NOW, 14)).toBe('overdue');
    expect(urgencyOf(NOW, NOW, 14)).toBe('due_soon');
    expect(urgencyOf(days(14), NOW, 14)).toBe('due_soon');
    expect(urgencyOf(days(14.01), NOW, 14)).toBe('on_track');
    expect(urgencyOf(null, NOW, 14)).toBe('no_deadline');
  });
});

describe('summarizeGroupWork', () => {
  const steps = [
    step({ stepKey: 'mx-file', dueAt: days(-2), escalationLevel: 1 }),
    step({
      stepKey: 'us-views',
      dueAt: days(5),
      holders: [
        { agencyCode: 'CBP', country: 'US' },
        { agencyCode: 'GSA', country: 'US' },
      ],
    }),
    step({
      projectId: 'p2',
      workflowId: 'w2',
      stepKey: 'signoff',
      dueAt: days(30),
      holders: [
        { agencyCode: 'SRE', country: 'MX', viaGroup: 'SON-AZ' },
        { agencyCode: 'CBP', country: 'US', viaGroup: 'SON-AZ' },
      ],
    }),
  ];
  const summary = summarizeGroupWork([bridge, port, idle], steps, NOW, 14);

  it('lists every project by code, idle ones too, with the side the ball is with', () => {
    expect(summary.projects.map((p) => [p.project.code, p.ballIsWith.side])).toEqual([
      ['APORT', 'both'],
      ['BRIDGE', 'both'],
      ['IDLE', null],
    ]);
    expect(summary.projects[1].ballIsWith.agencies).toEqual([
      { code: 'SRE', country: 'MX' },
      { code: 'CBP', country: 'US' },
      { code: 'GSA', country: 'US' },
    ]);
    expect(summary.projects[1].ballIsWith.label).toEqual({ en: 'Both sides', es: 'Ambos lados' });
    expect(summary.projects[2].workflows).toEqual([]);
  });

  it('orders a project’s steps by due date and marks each one', () => {
    const [workflow] = summary.projects[1].workflows;
    expect(workflow.steps.map((s) => [s.stepKey, s.urgency, s.side])).toEqual([
      ['mx-file', 'overdue', 'MX'],
      ['us-views', 'due_soon', 'US'],
    ]);
  });

  it('counts per agency once per step, and per country once per step', () => {
    expect(summary.byAgency).toEqual([
      { agencyCode: 'SRE', country: 'MX', open: 2, overdue: 1, dueSoon: 0 },
      { agencyCode: 'CBP', country: 'US', open: 2, overdue: 0, dueSoon: 1 },
      { agencyCode: 'GSA', country: 'US', open: 1, overdue: 0, dueSoon: 1 },
    ]);
    expect(summary.byCountry).toEqual({
      MX: { open: 2, overdue: 1, dueSoon: 0 },
      US: { open: 2, overdue: 0, dueSoon: 1 },
    });
  });
});

describe('summarizeGroupWork with steps sent back for changes', () => {
  const sentBack: SentBackStep = {
    projectId: 'p1',
    workflowId: 'w1',
    chainKey: 'permit',
    stepKey: 'mx-file',
    stepName: name('MX file'),
    requestedAt: days(-1),
    requestedBy: { agency: 'ANAM', seat: 'agency' },
  };
  const open = step({
    stepKey: 'us-views',
    holders: [{ agencyCode: 'CBP', country: 'US' }],
  });

  it('lists the step under its workflow as the coordinator’s, counted by no side', () => {
    const summary = summarizeGroupWork([bridge], [open], NOW, 14, [sentBack]);
    const [project] = summary.projects;
    expect(project.ballIsWith).toEqual(
      expect.objectContaining({ side: 'US', agencies: [{ code: 'CBP', country: 'US' }] }),
    );
    expect(project.ballIsWith.coordinator).toBe(true);
    expect(project.workflows).toHaveLength(1);
    expect(project.workflows[0].steps.map((s) => s.stepKey)).toEqual(['us-views']);
    expect(project.workflows[0].sentBack).toEqual([sentBack]);
    expect(summary.byCountry.MX).toEqual({ open: 0, overdue: 0, dueSoon: 0 });
    expect(summary.byAgency.map((a) => a.agencyCode)).toEqual(['CBP']);
    expect(summary.awaitingResubmission).toBe(1);
  });

  it('keeps a workflow waiting only on its coordinator on the board', () => {
    const summary = summarizeGroupWork([bridge, idle], [], NOW, 14, [sentBack]);
    expect(summary.projects[0].workflows.map((w) => [w.id, w.steps.length])).toEqual([['w1', 0]]);
    expect(summary.projects[0].ballIsWith).toEqual({
      side: null,
      label: null,
      agencies: [],
      coordinator: true,
    });
    expect(summary.projects[1].ballIsWith.coordinator).toBe(false);
  });
});

describe('generateAgenda', () => {
  const steps = [
    step({ stepKey: 'late', dueAt: days(-1) }),
    step({ stepKey: 'soon', dueAt: days(10), holders: [{ agencyCode: 'CBP', country: 'US' }] }),
    step({ stepKey: 'later', dueAt: days(40) }),
    step({ stepKey: 'open-ended', dueAt: null }),
    step({ projectId: 'p2', stepKey: 'port', dueAt: days(20) }),
  ];

  it('takes overdue steps and those due within 14 days of the meeting, by project', () => {
    const agenda = generateAgenda([bridge, port], steps, NOW, days(7));
    expect(agenda.map((i) => i.title.en)).toEqual(['Port (APORT)', 'Bridge (BRIDGE)']);
    expect(agenda[1].steps.map((s) => [s.stepKey, s.urgency, s.side])).toEqual([
      ['late', 'overdue', 'MX'],
      ['soon', 'due_soon', 'US'],
    ]);
    expect(agenda[1].title.es).toBe('Bridge (es) (BRIDGE)');
  });

  it('counts the horizon from now when the meeting has begun', () => {
    const agenda = generateAgenda([bridge, port], steps, NOW, days(-1));
    expect(agenda.map((i) => i.projectId)).toEqual(['p1']);
  });

  it('shows a step that became overdue since the last generation as overdue', () => {
    const before = generateAgenda([bridge], [step({ dueAt: days(3) })], NOW, days(1));
    const after = generateAgenda([bridge], [step({ dueAt: days(3) })], days(4), days(5));
    expect(before[0].steps[0].urgency).toBe('due_soon');
    expect(after[0].steps[0].urgency).toBe('overdue');
  });
});

describe('mergeAgenda', () => {
  it('keeps manual items and the places of projects still due, drops the rest, appends the new', () => {
    const existing = [
      { id: 'm1', source: 'manual' as const, projectId: null },
      { id: 'g1', source: 'generated' as const, projectId: 'p1' },
      { id: 'g2', source: 'generated' as const, projectId: 'p2' },
      { id: 'm2', source: 'manual' as const, projectId: 'p2' },
    ];
    const generated = [{ projectId: 'p3' }, { projectId: 'p1' }];
    expect(mergeAgenda(existing, generated)).toEqual([
      existing[0],
      generated[1],
      existing[3],
      generated[0],
    ]);
  });
});
