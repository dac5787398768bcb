import { byDeadline } from './tasks';

describe('byDeadline', () => {
  it('puts the soonest deadline first and the ones without a deadline last, keeping their order', () => {
    const items = [
      { id: 'none-1', dueAt: null },
      { id: 'late', dueAt: '2026-12-10T18:00:00.000Z' },
      { id: 'soon', dueAt: '2026-12-01T01:00:00.000Z' },
      { id: 'none-2', dueAt: null },
      { id: 'offset', dueAt: '2026-12-01T00:30:00-01:00' }, // 01:30Z, after "soon"
    ];
    expect([...items].sort(byDeadline).map((i) => i.id)).toEqual([
      'soon',
      'offset',
      'late',
      'none-1',
      'none-2',
    ]);
  });
});
