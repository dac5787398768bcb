import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AfterCommitJob } from '@app/common/jobs/after-commit';

/**
 * Someone who has just become able to sign: in their own signature slots (`slots` absent), or
 * in those a delegation lends them (`slots`: the delegator's, as `agency:CBP/agency`,
 * `group:SON-AZ/mx`).
 */
export interface NewSigner {
  userId: string;
  slots?: string[];
  /** With `slots`: the delegator's name, whose place the delegate signs in (the notice says so). */
  inPlaceOf?: string;
  /** With `slots`: when the delegation ends, until when the delegate may sign (the notice says so). */
  until?: Date;
}

/**
 * Work another module does in the transaction that makes people able to sign — an approver
 * added to (or reactivated in, or moved to) an agency, a new co-chair of a group, a delegate
 * whose delegation starts: the approvals module tells them of the steps already waiting on
 * that agency or seat. Returns the jobs to queue after commit.
 */
export type NewSignersListener = (
  manager: EntityManager,
  signers: NewSigner[],
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

  /**
   * People who can now sign in their own slots: runs every listener in the caller's
   * transaction; the jobs of all of them, to queue after commit.
   */
  added(manager: EntityManager, userIds: string[]): Promise<AfterCommitJob[]> {
    return this.announce(
      manager,
      userIds.map((userId) => ({ userId })),
    );
  }

  /**
   * A delegate who can now sign in the delegator's `slots` (a delegation that started), in
   * place of `delegatorName`, until `until` (the delegation's end).
   */
  delegated(
    manager: EntityManager,
    delegateId: string,
    slots: string[],
    delegatorName: string,
    until: Date,
  ): Promise<AfterCommitJob[]> {
    return this.announce(
      manager,
      slots.length > 0 ? [{ userId: delegateId, slots, inPlaceOf: delegatorName, until }] : [],
    );
  }

  private async announce(manager: EntityManager, signers: NewSigner[]): Promise<AfterCommitJob[]> {
    const jobs: AfterCommitJob[] = [];
    if (signers.length === 0) return jobs;
    for (const listener of this.listeners) jobs.push(...(await listener(manager, signers)));
    return jobs;
  }
}
