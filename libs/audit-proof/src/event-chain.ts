import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** The `prev_hash` of a workflow's first event: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an event's hash covers: everything stored about it but the hashes themselves. */
export interface HashedEventContent {
  seq: number;
  /** ISO 8601 UTC with milliseconds, as the API shows it. */
  at: string;
  type: string;
  actorId: string | null;
  data: unknown;
}

/**
 * `sha256(prev_hash ‖ canonical JSON of {seq, at, type, actorId, data})`, lowercase hex. The
 * previous hash enters as its 64 hex characters (not the 32 bytes), as it always has.
 *
 * @example eventHash(GENESIS_HASH, { seq: 1, at: '2026-11-27T18:00:00.000Z',
 *   type: 'workflow_started', actorId: null, data: {} }) // → 64 hex characters
 */
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

/** An event as stored and exported: its content and both hashes. */
export interface StoredEvent extends HashedEventContent {
  prevHash: string;
  hash: string;
}

/** The answer of a chain walk: intact or not, how many events were read, where it broke. */
export interface ChainCheck {
  valid: boolean;
  checked: number;
  firstBrokenSeq: number | null;
}

/**
 * Walks a history in `seq` order and finds the first event that is not where it should be or
 * whose hash does not cover its content and its predecessor: an edited, removed, inserted or
 * reordered event breaks the chain there. `head` is what the workflow row says the last event
 * is, so removing events from the end is caught too. It cannot catch an edit whose later
 * hashes were all recomputed (and the head moved to match): that is what the head's
 * signature is for (`headMessage`).
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
