import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';

const BATCH = 500;
/** A relay that cannot reach the queue gives up quickly: the rows wait for the sweeper. */
const RELAY_TIMEOUT_MS = 5000;

/**
 * Moves outbox rows to their queues. Called right after a commit with the rows it wrote (the
 * fast path), and by the sweeper for rows a crash left behind. Rows are locked while their
 * jobs are added and marked done in the same transaction, so a crash in between leaves them
 * to the next sweep; deterministic job ids make a second relay of the same row a no-op.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('Outbox');

  constructor(
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** Relays the given rows, or every row older than `olderThanMs` when no ids are given. */
  async relay(options: { ids?: string[]; olderThanMs?: number }): Promise<number> {
    if (options.ids?.length === 0) return 0;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const rows = (await manager.query(
          `SELECT id, topic, payload FROM outbox
            WHERE processed_at IS NULL
              AND ${options.ids ? 'id = ANY($1::bigint[])' : `created_at < now() - make_interval(secs => $1::float / 1000)`}
            ORDER BY id LIMIT ${BATCH}
            FOR UPDATE SKIP LOCKED`,
          [options.ids ?? options.olderThanMs ?? 0],
        )) as {
          id: string;
          topic: string;
          payload: { name: string; jobId: string; data: object; runAt?: string };
        }[];
        for (const row of rows) {
          const queue = this.moduleRef.get<Queue>(getQueueToken(row.topic), { strict: false });
          const delay = row.payload.runAt
            ? Math.max(0, Date.parse(row.payload.runAt) - Date.now())
            : 0;
          await withTimeout(
            queue.add(row.payload.name, row.payload.data, { jobId: row.payload.jobId, delay }),
            RELAY_TIMEOUT_MS,
          );
        }
        if (rows.length > 0) {
          await manager.query(
            'UPDATE outbox SET processed_at = now() WHERE id = ANY($1::bigint[])',
            [rows.map((r) => r.id)],
          );
        }
        return rows.length;
      });
    } catch (error) {
      // The queue is down: the rows stay in the outbox and the sweeper tries again.
      this.logger.warn(
        `Outbox relay deferred: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 0;
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
