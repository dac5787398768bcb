import { cancelledBeforeStart, delegationEndProblem } from './delegation-window';

const now = new Date('2026-12-01T12:00:00Z');
const start = new Date('2026-12-02T16:00:00Z');
const at = (iso: string) => new Date(iso);

describe('delegationEndProblem', () => {
  it('takes an end after the start, in the future, at most 180 days after the start', () => {
    expect(delegationEndProblem(start, at('2026-12-09T02:00:00Z'), now)).toBeNull();
    // Exactly 180 days (as the service counts them, in milliseconds) is still fine.
    expect(delegationEndProblem(start, at('2027-05-31T16:00:00Z'), now)).toBeNull();
  });

  it('names the one rule broken, as the service checks it', () => {
    expect(delegationEndProblem(start, null, now)).toEqual({ rule: 'missing' });
    expect(delegationEndProblem(start, start, now)).toEqual({ rule: 'notAfterStart' });
    expect(delegationEndProblem(start, at('2026-12-01T16:00:00Z'), now)).toEqual({
      rule: 'notAfterStart',
    });
    expect(delegationEndProblem(start, at('2027-05-31T16:00:01Z'), now)).toEqual({
      rule: 'tooLong',
      latest: at('2027-05-31T16:00:00Z'),
    });
    // A start already taken as passed (within the form's grace) with an end passed too.
    expect(
      delegationEndProblem(at('2026-12-01T11:55:00Z'), at('2026-12-01T11:58:00Z'), now),
    ).toEqual({ rule: 'past' });
    expect(delegationEndProblem(null, at('2026-12-01T11:00:00Z'), now)).toEqual({ rule: 'past' });
    expect(delegationEndProblem(null, at('2026-12-01T13:00:00Z'), now)).toBeNull();
  });
});

describe('cancelledBeforeStart', () => {
  it('tells one revoked before (or at) its start from one revoked while in force', () => {
    const startsAt = '2026-12-02T16:00:00Z';
    expect(cancelledBeforeStart({ revokedAt: '2026-12-01T10:00:00Z', startsAt })).toBe(true);
    expect(cancelledBeforeStart({ revokedAt: startsAt, startsAt })).toBe(true);
    expect(cancelledBeforeStart({ revokedAt: '2026-12-03T10:00:00Z', startsAt })).toBe(false);
    expect(cancelledBeforeStart({ revokedAt: null, startsAt })).toBe(false);
  });
});
