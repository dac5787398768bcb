import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type EntitySubscriberInterface,
  EventSubscriber,
  type TransactionCommitEvent,
} from 'typeorm';

/** The `Idempotency-Key` a request runs under, for the transactions it commits. */
export interface IdempotencyClaim {
  userId: string;
  key: string;
}

/** Set by the idempotency interceptor around a keyed request's handler. */
export const idempotencyScope = new AsyncLocalStorage<IdempotencyClaim>();

/**
 * Marks the request's key as committed inside every transaction the request commits, so the
 * mark and the business change stand or fall together. A key whose changes are committed is
 * never handed to a retry, even if the process died before storing the answer: a retry is told
 * the answer was lost instead of doing the work a second time (a second meeting, a second
 * action item).
 */
@EventSubscriber()
export class IdempotencyCommitSubscriber implements EntitySubscriberInterface {
  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const claim = idempotencyScope.getStore();
    if (!claim) return;
    await event.queryRunner.query(
      `UPDATE idempotency_keys SET committed_at = now()
        WHERE user_id = $1 AND key = $2 AND committed_at IS NULL`,
      [claim.userId, claim.key],
    );
  }
}
