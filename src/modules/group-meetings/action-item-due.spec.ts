import { DomainError } from '@app/common/errors/domain-error';
import { actionItemDue } from './action-item-due';

// Thursday 2 July 2026, 10:00 in Ciudad Juárez and Denver (both UTC−6 in summer).
const MEETING = new Date('2026-07-02T16:00:00Z');

describe('actionItemDue', () => {
  it('puts a plain date at 18:00 in the owner’s zone', () => {
    expect(actionItemDue({ dueDate: '2026-07-10' }, MEETING, 'America/Phoenix', [])).toEqual({
      dueDate: '2026-07-10',
      dueAt: new Date('2026-07-11T01:00:00Z'),
      dueRule: null,
    });
  });

  it('counts business days after the meeting on the calendar, skipping 3 July (observed)', () => {
    const due = actionItemDue(
      { dueIn: { businessDays: 1, calendar: 'US' } },
      MEETING,
      'America/Denver',
      [],
    );
    expect(due).toEqual({
      dueDate: '2026-07-06',
      dueAt: new Date('2026-07-07T00:00:00Z'),
      dueRule: { businessDays: 1, calendar: 'US' },
    });
  });

  it('skips the owner agency’s own days off', () => {
    const due = actionItemDue(
      { dueIn: { businessDays: 1, calendar: 'MX' } },
      MEETING,
      'America/Ciudad_Juarez',
      ['2026-07-03'],
    );
    expect(due.dueDate).toBe('2026-07-06');
  });

  it.each([
    [{}, ['dueDate', 'dueIn']],
    [
      { dueDate: '2026-07-10', dueIn: { businessDays: 1, calendar: 'US' as const } },
      ['dueDate', 'dueIn'],
    ],
    [{ dueDate: '2026-02-30' }, ['dueDate']],
    [{ dueDate: '2026-07-01' }, ['dueDate']],
    [{ dueIn: { businessDays: 1, calendar: 'XX' as 'US' } }, ['dueIn']],
  ])('refuses %j naming %j', (given, fields) => {
    let error: unknown;
    try {
      actionItemDue(given, MEETING, 'America/Denver', []);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).errors?.map((e) => e.field)).toEqual(fields);
  });
});
