import { getQueueToken } from '@nestjs/bullmq';
import { Global, Injectable, Logger, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';

/**
 * A job that a transaction decided on, to hand to its queue once that transaction has
 * committed: its queue, name, deterministic id (adding it twice adds it once), data, and the
 * time it should run.
 *
 * The database, not the queue, is the record of what is still to do: an email is pending in
 * `notifications`, a deadline in `deadline_timers`. So a job lost on its way (a crash right
 * after the commit, Redis unreachable or flushed) costs a delay, never the work: the email
 * sweeper (`EmailSweeper`) and the deadline sweeper (`DeadlineSweeper`) queue again what their
 * table says is due and has no job.
 */
export interface AfterCommitJob {
  queue: string;
  name: string;
  jobId: string;
  data: Record<string, unknown>;
  runAt?: Date;
  /** BullMQ priority (lower first; unset runs before any prioritized job). */
  priority?: number;
}

/** A queue that does not answer within this (ms) is given up on: the sweepers take over. */
const ADD_TIMEOUT_MS = 5000;

/**
 * The one way jobs reach their queues after a commit. Call `add` once the transaction that
 * decided the jobs has committed (never inside it: a rolled-back transaction must queue
 * nothing). Best effort by design, see {@link AfterCommitJob}.
 */
@Injectable()
export class AfterCommitQueue {
  private readonly logger = new Logger('Jobs');

  constructor(private readonly moduleRef: ModuleRef) {}

  /**
   * Adds the jobs, one round trip per queue. Never throws: a failure is logged, and the
   * sweepers queue the work again from the database.
   */
  async add(jobs: AfterCommitJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const byQueue = new Map<string, AfterCommitJob[]>();
    for (const job of jobs) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
    try {
      for (const [queueName, list] of byQueue) {
        const queue = this.moduleRef.get<Queue>(getQueueToken(queueName), { strict: false });
        const now = Date.now();
        await withTimeout(
          queue.addBulk(
            list.map((job) => ({
              name: job.name,
              data: job.data,
              opts: {
                jobId: job.jobId,
                delay: job.runAt ? Math.max(0, job.runAt.getTime() - now) : 0,
                ...(job.priority ? { priority: job.priority } : {}),
              },
            })),
          ),
          ADD_TIMEOUT_MS,
        );
      }
    } catch (error) {
      this.logger.warn(
        `Jobs not queued after commit (the sweepers will queue their work again): ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from the queue within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

@Global()
@Module({ providers: [AfterCommitQueue], exports: [AfterCommitQueue] })
export class AfterCommitModule {}
