import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/common/canonical-json';

/** The `prev_hash` of a workflow's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an event's hash covers: everything stored about it but the hashes themselves. */
export interface HashedEventContent {
  seq: number;
  at: string;
  type: string;
  actorId: string | null;
  data: unknown;
}

/** `sha256(prev_hash ‖ canonical JSON of the event)`, hex. */
export function eventHash(prevHash: string, event: HashedEventContent): string {
  return createHash('sha256')
    .update(prevHash)
    .update(
      canonicalJson({
        seq: event.seq,
        at: event.at,
        type: event.type,
        actorId: event.actorId,
        data: event.data,
      }),
    )
    .digest('hex');
}

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

export interface StoredEvent extends HashedEventContent {
  prevHash: string;
  hash: string;
}

export interface ChainCheck {
  valid: boolean;
  checked: number;
  firstBrokenSeq: number | null;
}

/**
 * Walks a history in `seq` order and finds the first event that is not where it should be or
 * whose hash does not cover its content and its predecessor: an edited, removed, inserted or
 * reordered event breaks the chain there. `head` is what the workflow row says the last event
 * is, so removing events from the end is caught too.
 */
export class HistoryVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  checked = 0;
  firstBrokenSeq: number | null = null;

  /** Returns false once the chain is broken (later events need not be read). */
  add(event: StoredEvent): boolean {
    if (this.firstBrokenSeq !== null) return false;
    this.checked++;
    const intact =
      event.seq === this.expectedSeq &&
      event.prevHash === this.prevHash &&
      event.hash === eventHash(this.prevHash, event);
    if (!intact) {
      this.firstBrokenSeq = Math.min(event.seq, this.expectedSeq);
      return false;
    }
    this.expectedSeq++;
    this.prevHash = event.hash;
    return true;
  }

  finish(head: { lastSeq: number; lastHash: string | null }): ChainCheck {
    if (
      this.firstBrokenSeq === null &&
      (head.lastSeq !== this.expectedSeq - 1 || (head.lastHash ?? GENESIS_HASH) !== this.prevHash)
    ) {
      this.firstBrokenSeq = this.expectedSeq;
    }
    return {
      valid: this.firstBrokenSeq === null,
      checked: this.checked,
      firstBrokenSeq: this.firstBrokenSeq,
    };
  }
}
