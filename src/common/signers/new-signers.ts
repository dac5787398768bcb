import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AfterCommitJob } from '@app/common/jobs/after-commit';

/**
 * Work another module does in the transaction that makes people able to sign — an approver
 * added to (or reactivated in, or moved to) an agency, a new co-chair of a group: the approvals
 * module tells them of the steps already waiting on that agency or seat. Returns the jobs to
 * queue after commit.
 */
export type NewSignersListener = (
  manager: EntityManager,
  userIds: string[],
) => Promise<AfterCommitJob[]>;

/**
 * Lets the identity and groups modules announce new signers without importing the approvals
 * module (which builds on them): it registers a listener at start-up, and whoever changes who
 * can sign runs them all in its transaction. Global (the app's config module provides it).
 */
@Injectable()
export class NewSignersListeners {
  private readonly listeners: NewSignersListener[] = [];

  /** Called once per listener, at module start-up. */
  listen(listener: NewSignersListener): void {
    this.listeners.push(listener);
  }

  /** Runs every listener in the caller's transaction; the jobs of all of them, to queue after commit. */
  async added(manager: EntityManager, userIds: string[]): Promise<AfterCommitJob[]> {
    const jobs: AfterCommitJob[] = [];
    if (userIds.length === 0) return jobs;
    for (const listener of this.listeners) jobs.push(...(await listener(manager, userIds)));
    return jobs;
  }
}
