import { delegatorKind } from './delegator';

const group = (mx: string | null, us: string | null) => ({
  coChairs: { mx: { userId: mx }, us: { userId: us } },
});

describe('delegatorKind', () => {
  it('tells an approver, a co-chair, both, and someone with nothing to delegate apart', () => {
    const groups = [group('chair-mx', null), group(null, 'both-us')];
    expect(delegatorKind({ id: 'a', roles: ['approver'] }, groups)).toBe('approver');
    // A seat is not a role: a viewer holding one delegates it.
    expect(delegatorKind({ id: 'chair-mx', roles: ['viewer'] }, groups)).toBe('chair');
    expect(delegatorKind({ id: 'both-us', roles: ['approver'] }, groups)).toBe('both');
    expect(delegatorKind({ id: 'v', roles: ['viewer', 'coordinator'] }, groups)).toBe('other');
    // An admin has no signature of their own for being one.
    expect(delegatorKind({ id: 'ad', roles: ['admin'] }, [])).toBe('other');
  });
});
