import { eventHash, GENESIS_HASH, HistoryVerifier, type StoredEvent } from './event-chain';

function chainOf(count: number): StoredEvent[] {
  const events: StoredEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const content = {
      seq,
      at: `2026-11-2${seq}T18:00:00.000Z`,
      type: 'step_approved',
      actorId: null,
      data: { stepKey: `s${seq}`, round: 1 },
    };
    const hash = eventHash(prevHash, content);
    events.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return events;
}

function verify(events: StoredEvent[], head = { lastSeq: 4, lastHash: chainOf(4)[3].hash }) {
  const verifier = new HistoryVerifier();
  for (const event of events) if (!verifier.add(event)) break;
  return verifier.finish(head);
}

describe('workflow history hash chain', () => {
  it('accepts an intact history, whatever the key order of its data', () => {
    const events = chainOf(4);
    events[1] = { ...events[1], data: { round: 1, stepKey: 's2' } };
    expect(verify(events)).toEqual({ valid: true, checked: 4, firstBrokenSeq: null });
  });

  it('finds an edited event', () => {
    const events = chainOf(4);
    events[2] = { ...events[2], data: { stepKey: 'other', round: 1 } };
    expect(verify(events)).toEqual({ valid: false, checked: 3, firstBrokenSeq: 3 });
  });

  it('finds a removed event, in the middle and at the end', () => {
    const events = chainOf(4);
    expect(verify([events[0], events[2], events[3]]).firstBrokenSeq).toBe(2);
    expect(verify(events.slice(0, 3)).firstBrokenSeq).toBe(4);
  });

  it('finds reordered events even with their seq swapped back', () => {
    const events = chainOf(4);
    const swapped = [events[0], { ...events[2], seq: 2 }, { ...events[1], seq: 3 }, events[3]];
    expect(verify(swapped).firstBrokenSeq).toBe(2);
  });
});
