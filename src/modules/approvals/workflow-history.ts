import { eventHash, GENESIS_HASH } from '@puentes/audit-proof';

// The chain's rules (hash, verifier) are pure and shared with the offline verifier.
export {
  type ChainCheck,
  eventHash,
  GENESIS_HASH,
  type HashedEventContent,
  HistoryVerifier,
  type StoredEvent,
} from '@puentes/audit-proof';

/** A workflow's head: the last event's number and hash. */
export interface ChainHead {
  lastSeq: number;
  lastHash: string | null;
}

/**
 * Numbers new events after the head and links each to its predecessor; moves the head to the
 * last of them. Returns the rows to insert into `workflow_events`.
 */
export function appendToChain(
  head: ChainHead,
  events: readonly { type: string; at: string; actorId: string | null; data: unknown }[],
) {
  return events.map((event) => {
    const content = {
      seq: head.lastSeq + 1,
      at: event.at,
      type: event.type,
      actorId: event.actorId,
      data: event.data,
    };
    const prevHash = head.lastHash ?? GENESIS_HASH;
    const hash = eventHash(prevHash, content);
    head.lastSeq = content.seq;
    head.lastHash = hash;
    return {
      seq: content.seq,
      type: content.type,
      at: content.at,
      actor_id: content.actorId,
      data: content.data,
      prev_hash: prevHash,
      hash,
    };
  });
}
