import { assigneeId, parseAssigneeId, seatsOf } from './chain-definition';

describe('assignees', () => {
  it('gives agencies and technical groups stable ids', () => {
    expect(assigneeId({ agency: 'CBP' })).toBe('agency:CBP');
    expect(assigneeId({ technicalGroup: 'SON-AZ' })).toBe('group:SON-AZ');
  });

  it('parses the ids back', () => {
    expect(parseAssigneeId('agency:CBP')).toEqual({ agency: 'CBP' });
    expect(parseAssigneeId('group:SON-AZ')).toEqual({ technicalGroup: 'SON-AZ' });
    expect(parseAssigneeId('CBP')).toBeNull();
    expect(parseAssigneeId('agency:')).toBeNull();
    expect(parseAssigneeId('team:X')).toBeNull();
  });

  it('seats one signer for an agency and the two co-chairs for a group', () => {
    expect(seatsOf({ agency: 'SRE' })).toEqual(['agency']);
    expect(seatsOf({ technicalGroup: 'JRZ-ELP' })).toEqual(['mx', 'us']);
  });
});
