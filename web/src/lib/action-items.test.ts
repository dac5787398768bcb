import {
  businessDaysAreValid,
  dueDateProblem,
  dueDateBounds,
  earliestDueDate,
} from './action-items';
import { dateIn } from './dates';

describe('an action item’s due date, checked before it is sent', () => {
  const ahead = { today: '2027-01-05', meetingDate: '2027-01-12' };
  const held = { today: '2027-01-20', meetingDate: '2027-01-12' };

  it('takes a date from the meeting’s date on, for a meeting ahead', () => {
    expect(dueDateProblem('2027-01-12', ahead)).toBeNull();
    expect(dueDateProblem('2027-03-01', ahead)).toBeNull();
    expect(earliestDueDate(ahead)).toBe('2027-01-12');
  });

  it('says a date before a meeting ahead is before the meeting, and a day gone has passed', () => {
    expect(dueDateProblem('2027-01-05', ahead)).toBe('beforeMeeting');
    expect(dueDateProblem('2027-01-11', ahead)).toBe('beforeMeeting');
    expect(dueDateProblem('2027-01-04', ahead)).toBe('past');
    expect(dueDateProblem('2026-12-31', ahead)).toBe('past');
  });

  it('takes today on for a meeting held, and says an earlier date has passed', () => {
    expect(earliestDueDate(held)).toBe('2027-01-20');
    expect(dueDateProblem('2027-01-20', held)).toBeNull();
    expect(dueDateProblem('2027-01-19', held)).toBe('past');
    expect(dueDateProblem('2027-01-10', held)).toBe('past');
  });

  it('says a year of five digits is beyond what the service reads, and a blank is missing', () => {
    expect(dueDateProblem('10000-01-01', ahead)).toBe('tooLate');
    expect(dueDateProblem('275760-09-13', ahead)).toBe('tooLate');
    expect(dueDateProblem('9999-12-31', ahead)).toBeNull();
    expect(dueDateProblem('', ahead)).toBe('missing');
    expect(dueDateProblem('2027-02-30', ahead)).toBe('missing');
  });
});

describe('working days and dates as the service counts them', () => {
  it.each([
    ['1', true],
    ['250', true],
    [' 10 ', true],
    ['0', false],
    ['251', false],
    ['2.5', false],
    ['', false],
    ['-3', false],
  ])('takes %j working days: %s', (text, valid) => {
    expect(businessDaysAreValid(text)).toBe(valid);
  });

  it('reads the date of an instant on the clocks of a zone', () => {
    expect(dateIn('2026-12-11T04:00:00Z', 'America/Tijuana')).toBe('2026-12-10');
    expect(dateIn('2026-12-11T04:00:00Z', 'America/Mexico_City')).toBe('2026-12-10');
    expect(dateIn('2026-12-11T07:00:00Z', 'America/Mexico_City')).toBe('2026-12-11');
  });

  it('checks a date against the meeting’s date on the owner agency’s clocks, as the service does', () => {
    // 23:30 on 10 December in Tijuana: already the 11th in New York, where CBP's item falls due.
    const meeting = '2026-12-11T07:30:00Z';
    const now = new Date('2026-12-01T12:00:00Z');
    const bounds = dueDateBounds(now, meeting, 'America/New_York');
    expect(bounds).toEqual({ today: '2026-12-01', meetingDate: '2026-12-11' });
    expect(dueDateProblem('2026-12-10', bounds)).toBe('beforeMeeting');
    expect(earliestDueDate(bounds)).toBe('2026-12-11');
    // For an owner in Tijuana the meeting is on the 10th, which it may then be due on.
    expect(dueDateProblem('2026-12-10', dueDateBounds(now, meeting, 'America/Tijuana'))).toBeNull();
  });

  it('says which day is today on the owner agency’s clocks, not the reader’s', () => {
    // 03:00 UTC on 2 December: still the 1st in Phoenix, already the 2nd in Madrid.
    const now = new Date('2026-12-02T03:00:00Z');
    const bounds = dueDateBounds(now, '2026-11-20T18:00:00Z', 'America/Phoenix');
    expect(bounds.today).toBe('2026-12-01');
    expect(dueDateProblem('2026-12-01', bounds)).toBeNull();
  });
});
