import { agency, group, stepDef } from '../test/helpers';
import type { Seat, StepDefinition } from './chain-definition';
import { assigneeOutcome, matchesCondition, openSeatsOf, stepOutcome } from './step-outcome';
import type { DecisionKind, StepDecision } from './workflow-state';

function signed(assignee: string, seat: Seat, decision: DecisionKind): StepDecision {
  return { assignee, seat, decision, comment: null, actorId: 'u', at: '2026-01-05T15:00:00.000Z' };
}

describe('matchesCondition', () => {
  const attributes = { involvesRail: true, type: 'bridge', lanes: 4 };

  it('compares with equals, notEquals and in', () => {
    expect(matchesCondition({ attribute: 'involvesRail', equals: true }, attributes)).toBe(true);
    expect(matchesCondition({ attribute: 'involvesRail', equals: false }, attributes)).toBe(false);
    expect(matchesCondition({ attribute: 'type', notEquals: 'bridge' }, attributes)).toBe(false);
    expect(matchesCondition({ attribute: 'type', notEquals: 'rail' }, attributes)).toBe(true);
    expect(matchesCondition({ attribute: 'lanes', in: [2, 4] }, attributes)).toBe(true);
    expect(matchesCondition({ attribute: 'lanes', in: [2, 6] }, attributes)).toBe(false);
  });

  it('compares strictly, without coercion', () => {
    expect(matchesCondition({ attribute: 'involvesRail', equals: 'true' }, attributes)).toBe(false);
    expect(matchesCondition({ attribute: 'lanes', in: ['4'] }, attributes)).toBe(false);
  });

  it('treats a missing attribute as equal to nothing', () => {
    expect(matchesCondition({ attribute: 'hazmat', equals: false }, attributes)).toBe(false);
    expect(matchesCondition({ attribute: 'hazmat', in: [false] }, attributes)).toBe(false);
    expect(matchesCondition({ attribute: 'hazmat', notEquals: true }, attributes)).toBe(true);
    expect(matchesCondition({ attribute: 'toString', equals: 'x' }, attributes)).toBe(false);
  });
});

describe('assigneeOutcome', () => {
  it('settles an agency with its one signature', () => {
    const cbp = agency('CBP');
    expect(assigneeOutcome(cbp, [])).toBe('open');
    expect(assigneeOutcome(cbp, [signed('agency:CBP', 'agency', 'approve')])).toBe('approved');
    expect(assigneeOutcome(cbp, [signed('agency:CBP', 'agency', 'reject')])).toBe('rejected');
    expect(assigneeOutcome(cbp, [signed('agency:GSA', 'agency', 'approve')])).toBe('open');
  });

  it('approves a group only when both co-chairs approve', () => {
    const sonAz = group('SON-AZ');
    const mx = signed('group:SON-AZ', 'mx', 'approve');
    const us = signed('group:SON-AZ', 'us', 'approve');
    expect(assigneeOutcome(sonAz, [mx])).toBe('open');
    expect(assigneeOutcome(sonAz, [us])).toBe('open');
    expect(assigneeOutcome(sonAz, [mx, us])).toBe('approved');
  });

  it('settles a group as soon as either co-chair rejects or requests changes', () => {
    const sonAz = group('SON-AZ');
    expect(assigneeOutcome(sonAz, [signed('group:SON-AZ', 'us', 'reject')])).toBe('rejected');
    expect(
      assigneeOutcome(sonAz, [
        signed('group:SON-AZ', 'mx', 'approve'),
        signed('group:SON-AZ', 'us', 'request_changes'),
      ]),
    ).toBe('changes_requested');
  });
});

describe('stepOutcome', () => {
  const assignees = [agency('CBP'), agency('GSA'), group('SON-AZ')];
  const step = (rule: StepDefinition['rule']) => stepDef('review', { assignees, rule });
  const approveAll = [
    signed('agency:CBP', 'agency', 'approve'),
    signed('agency:GSA', 'agency', 'approve'),
    signed('group:SON-AZ', 'mx', 'approve'),
    signed('group:SON-AZ', 'us', 'approve'),
  ];

  it("rule 'all' (the default) needs every assignee and fails on one rejection", () => {
    expect(stepOutcome(step(undefined), approveAll.slice(0, 3))).toBe('open');
    expect(stepOutcome(step(undefined), approveAll)).toBe('approved');
    expect(stepOutcome(step('all'), [signed('group:SON-AZ', 'mx', 'reject')])).toBe('rejected');
  });

  it("rule 'any' needs one approval and fails only when every assignee rejected", () => {
    expect(stepOutcome(step('any'), [signed('agency:GSA', 'agency', 'approve')])).toBe('approved');
    const rejections = [
      signed('agency:CBP', 'agency', 'reject'),
      signed('agency:GSA', 'agency', 'reject'),
    ];
    expect(stepOutcome(step('any'), rejections)).toBe('open');
    expect(stepOutcome(step('any'), [...rejections, signed('group:SON-AZ', 'us', 'reject')])).toBe(
      'rejected',
    );
  });

  it('a quorum approves at n approvals and fails at more than assignees − n rejections', () => {
    const quorum = step({ quorum: 2 });
    expect(stepOutcome(quorum, [signed('agency:CBP', 'agency', 'approve')])).toBe('open');
    expect(stepOutcome(quorum, approveAll.slice(0, 2))).toBe('approved');
    const oneRejection = [signed('agency:CBP', 'agency', 'reject')];
    expect(stepOutcome(quorum, oneRejection)).toBe('open');
    expect(stepOutcome(quorum, [...oneRejection, signed('agency:GSA', 'agency', 'reject')])).toBe(
      'rejected',
    );
  });

  it('any request for changes wins', () => {
    expect(stepOutcome(step('any'), [signed('agency:CBP', 'agency', 'request_changes')])).toBe(
      'changes_requested',
    );
  });
});

describe('openSeatsOf', () => {
  const step = stepDef('review', { assignees: [agency('CBP'), group('SON-AZ')] });

  it('lists every seat of every assignee before anyone signs', () => {
    expect(openSeatsOf(step, [])).toEqual([
      { assignee: 'agency:CBP', seat: 'agency' },
      { assignee: 'group:SON-AZ', seat: 'mx' },
      { assignee: 'group:SON-AZ', seat: 'us' },
    ]);
  });

  it('drops signed seats and the other co-chair of a group that has rejected', () => {
    expect(openSeatsOf(step, [signed('group:SON-AZ', 'mx', 'approve')])).toEqual([
      { assignee: 'agency:CBP', seat: 'agency' },
      { assignee: 'group:SON-AZ', seat: 'us' },
    ]);
    expect(openSeatsOf(step, [signed('group:SON-AZ', 'us', 'reject')])).toEqual([
      { assignee: 'agency:CBP', seat: 'agency' },
    ]);
  });
});
