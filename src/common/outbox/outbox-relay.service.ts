import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { OutboxEntry } from './outbox';

const BATCH = 500;
/** A relay that cannot reach the queue gives up quickly: the rows wait for the sweeper. */
const RELAY_TIMEOUT_MS = 5000;

interface OutboxRow {
  id: string;
  topic: string;
  payload: { name: string; jobId: string; data: object; runAt?: string; priority?: number };
}

/**
 * Moves outbox rows to their queues: right after the commit that wrote them (the fast path),
 * and by the sweeper for rows a crash or an unreachable queue left behind. Deterministic job
 * ids make a second relay of the same row a no-op, so the two paths may overlap.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('Outbox');

  constructor(
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {}

  /**
   * The fast path, right after the commit: the jobs are in hand, so they go at once. The rows
   * are left for the sweep to mark in one batch a few seconds later (re-adding a job under its
   * deterministic id is a no-op), which keeps a commit off every request.
   */
  async relayNow(entries: OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.addAll(entries.map(({ job }) => ({ ...job, runAt: job.runAt?.getTime() })));
    } catch (error) {
      this.deferred(error);
    }
  }

  /**
   * The sweep: rows older than `olderThanMs` are locked while their jobs are added and marked
   * done in the same transaction, so a crash in between leaves them to the next sweep.
   */
  async relay(options: { olderThanMs: number }): Promise<number> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const rows = (await manager.query(
          `SELECT id, topic, payload FROM outbox
            WHERE processed_at IS NULL AND created_at < now() - make_interval(secs => $1::float / 1000)
            ORDER BY id LIMIT ${BATCH}
            FOR UPDATE SKIP LOCKED`,
          [options.olderThanMs],
        )) as OutboxRow[];
        await this.addAll(
          rows.map(({ topic, payload }) => ({
            queue: topic,
            name: payload.name,
            jobId: payload.jobId,
            data: payload.data,
            runAt: payload.runAt ? Date.parse(payload.runAt) : undefined,
            priority: payload.priority,
          })),
        );
        if (rows.length > 0) {
          await manager.query(
            'UPDATE outbox SET processed_at = now() WHERE id = ANY($1::bigint[])',
            [rows.map((r) => r.id)],
          );
        }
        return rows.length;
      });
    } catch (error) {
      this.deferred(error);
      return 0;
    }
  }

  /** One round trip per queue: the jobs of a commit go together. */
  private async addAll(
    jobs: {
      queue: string;
      name: string;
      jobId: string;
      data: object;
      runAt?: number;
      priority?: number;
    }[],
  ) {
    const byQueue = new Map<string, typeof jobs>();
    for (const job of jobs) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
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
              delay: job.runAt ? Math.max(0, job.runAt - now) : 0,
              ...(job.priority ? { priority: job.priority } : {}),
            },
          })),
        ),
        RELAY_TIMEOUT_MS,
      );
    }
  }

  private deferred(error: unknown) {
    // The queue is down: the rows stay in the outbox and the sweeper tries again.
    this.logger.warn(
      `Outbox relay deferred: ${error instanceof Error ? error.message : String(error)}`,
    );
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
