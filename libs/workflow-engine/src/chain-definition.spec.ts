import {
  assigneeId,
  isStepKey,
  parseAssigneeId,
  parseSlotId,
  seatsOf,
  slotId,
} from './chain-definition';

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

describe('one definition of keys and slot ids', () => {
  it('accepts dash-separated lowercase keys of at most 64 characters', () => {
    expect(isStepKey('cbp-review')).toBe(true);
    expect(isStepKey('a'.repeat(64))).toBe(true);
    expect(isStepKey('a'.repeat(65))).toBe(false);
    expect(isStepKey('CBP review')).toBe(false);
    expect(isStepKey('-a')).toBe(false);
  });

  it('round-trips slot ids and refuses what is not one', () => {
    for (const slot of [
      { assignee: 'agency:CBP', seat: 'agency' as const },
      { assignee: 'group:SON-AZ', seat: 'mx' as const },
      { assignee: 'group:SON-AZ', seat: 'us' as const },
    ]) {
      expect(slotId(slot)).toBe(`${slot.assignee}/${slot.seat}`);
      expect(parseSlotId(slotId(slot))).toEqual(slot);
    }
    expect(parseSlotId('CBP/agency')).toBeNull();
    expect(parseSlotId('agency:CBP')).toBeNull();
    expect(parseSlotId('group:SON-AZ/chair')).toBeNull();
  });
});
