import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AfterCommitJob } from '@app/common/jobs/after-commit';

/** A person who has just joined a group (as member or observer). */
export interface MemberJoined {
  groupId: string;
  groupCode: string;
  userId: string;
  /** Who added them; null when the service did (seeding). */
  actorId: string | null;
}

/**
 * Work another module does in the transaction that adds a person to a group (the meetings
 * module invites them to the group's upcoming meetings); returns the jobs to queue after commit.
 */
export type MemberJoinedListener = (
  manager: EntityManager,
  joined: MemberJoined,
) => Promise<AfterCommitJob[]>;

/**
 * Lets modules built on the groups act when someone joins one, without the groups module
 * importing them (they import it): each registers a listener at start-up, and
 * `GroupMembersService.add` runs them all in its transaction.
 */
@Injectable()
export class MemberJoinedListeners {
  private readonly listeners: MemberJoinedListener[] = [];

  /** Called once per listener, at module start-up. */
  listen(listener: MemberJoinedListener): void {
    this.listeners.push(listener);
  }

  /** Runs every listener in the caller's transaction; the jobs of all of them, to queue after commit. */
  async joined(manager: EntityManager, joined: MemberJoined): Promise<AfterCommitJob[]> {
    const jobs: AfterCommitJob[] = [];
    for (const listener of this.listeners) jobs.push(...(await listener(manager, joined)));
    return jobs;
  }
}
