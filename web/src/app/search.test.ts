import { bool, oneOf, optional, page, safeReturnTo, str } from './search';

describe('search params', () => {
  it('reads only what it expects, and leaves defaults out of the URL', () => {
    expect(page({ page: '3' })).toBe(3);
    expect(page({ page: '1' })).toBeUndefined();
    expect(page({ page: '-2' })).toBeUndefined();
    expect(page({ page: 'x' })).toBeUndefined();
    expect(str({ q: '  ' }, 'q')).toBeUndefined();
    expect(str({ q: 'a'.repeat(300) }, 'q', 100)).toHaveLength(100);
    expect(bool({ overdue: 'true' }, 'overdue')).toBe(true);
    expect(bool({ overdue: 'false' }, 'overdue')).toBeUndefined();
    expect(oneOf({ ball: 'MX' }, 'ball', ['MX', 'US'] as const)).toBe('MX');
    expect(oneOf({ ball: 'CA' }, 'ball', ['MX', 'US'] as const)).toBeUndefined();
    expect(optional({ page: undefined, q: 'x' })).toEqual({ q: 'x' });
  });

  it('returns only to a page of this app', () => {
    expect(safeReturnTo('/workflows/abc?step=sre-intake')).toBe('/workflows/abc?step=sre-intake');
    expect(safeReturnTo('//evil.example/x')).toBeUndefined();
    expect(safeReturnTo('https://evil.example')).toBeUndefined();
    expect(safeReturnTo('/\\evil.example')).toBeUndefined(); // browsers read /\ as //
    expect(safeReturnTo('/sign-in?returnTo=/tasks')).toBeUndefined();
    expect(safeReturnTo(undefined)).toBeUndefined();
  });
});
