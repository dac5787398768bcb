import type { Schemas } from '../api/client';
import { rejectEffect } from './reject-effect';

type StepView = Schemas['StepView'];
type ChainStep = Schemas['ChainStep'];

const assignee = (agency: string, decision: 'approve' | 'reject' | null = null) => ({
  agency,
  decision,
  decidedBy: null,
  decidedAt: null,
  comment: null,
  signatures: [],
});

const view = (
  key: string,
  status: StepView['status'],
  assignees = [assignee('SRE')],
): StepView => ({
  key,
  name: { en: key, es: key },
  status,
  round: status === 'pending' ? 0 : 1,
  activatedAt: null,
  dueAt: null,
  finishedAt: null,
  escalationLevel: 0,
  assignees,
});

const definition = (key: string, rest: Partial<ChainStep> = {}): ChainStep => ({
  key,
  name: { en: key, es: key },
  assignees: [{ agency: 'SRE' }],
  ...rest,
});

describe('what a rejection would do', () => {
  const intake = view('intake', 'approved');
  const review = view('review', 'active');
  const parallel = view('parallel', 'changes_requested');
  const last = view('last', 'pending');
  const skipped = view('skipped', 'skipped');
  const workflow = [intake, review, parallel, last, skipped];

  it('ends the workflow by default, cancelling every other unfinished step', () => {
    expect(rejectEffect(review, definition('review'), workflow)).toEqual({
      kind: 'ends',
      others: 2,
    });
    expect(rejectEffect(review, definition('review', { onReject: 'end' }), [review])).toEqual({
      kind: 'ends',
      others: 0,
    });
  });

  it('returns to the step onReject names', () => {
    expect(
      rejectEffect(review, definition('review', { onReject: { returnTo: 'intake' } }), workflow),
    ).toEqual({ kind: 'returns', to: 'intake' });
  });

  it('leaves the step open while its rule can still be met', () => {
    const three = view('review', 'active', [assignee('SRE'), assignee('CBP'), assignee('GSA')]);
    expect(rejectEffect(three, definition('review', { rule: 'any' }), [three])).toEqual({
      kind: 'stays',
    });
    expect(rejectEffect(three, definition('review', { rule: { quorum: 2 } }), [three])).toEqual({
      kind: 'stays',
    });
    expect(rejectEffect(three, definition('review', { rule: 'all' }), [three]).kind).toBe('ends');
    // The last rejection `any` can take, and the one that leaves a quorum of 2 out of reach.
    const twoRejected = view('review', 'active', [
      assignee('SRE', 'reject'),
      assignee('CBP', 'reject'),
      assignee('GSA'),
    ]);
    expect(rejectEffect(twoRejected, definition('review', { rule: 'any' }), []).kind).toBe('ends');
    const oneRejected = view('review', 'active', [
      assignee('SRE', 'reject'),
      assignee('CBP', 'approve'),
      assignee('GSA'),
    ]);
    expect(rejectEffect(oneRejected, definition('review', { rule: { quorum: 2 } }), []).kind).toBe(
      'ends',
    );
  });

  it('says it cannot tell without the chain version', () => {
    expect(rejectEffect(review, undefined, workflow)).toEqual({ kind: 'unknown' });
  });
});
