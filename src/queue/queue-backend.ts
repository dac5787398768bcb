import { createPostgresBackend, setDefaultBackendFactory, type QueueOptions } from 'bullmq';
import type { RuntimeConfig } from '@app/config/runtime-config';

/** BullMQ's tables live in their own schema of the service's database on the embedded default. */
const POSTGRES_QUEUE_SCHEMA = 'bullmq';

/**
 * Chooses the datastore of every BullMQ queue and worker in this process: Redis when REDIS_URL
 * is set (production), else BullMQ's PostgreSQL backend in the service's own database. Must run
 * before the Nest application creates its queues.
 */
export function selectQueueBackend(config: Pick<RuntimeConfig, 'redisUrl'>): void {
  setDefaultBackendFactory(config.redisUrl ? undefined : (createPostgresBackend as never));
}

export function queueOptions(config: RuntimeConfig): QueueOptions {
  if (!config.redisUrl) {
    return {
      connection: {
        connectionString: config.databaseUrl,
        schema: POSTGRES_QUEUE_SCHEMA,
        migrate: true,
      } as never,
    };
  }
  const url = new URL(config.redisUrl);
  return {
    // The hash tag in the default prefix keeps every key of a queue in one Redis Cluster slot.
    prefix: config.queuePrefix,
    connection: {
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      db: Number(url.pathname.slice(1) || 0),
      tls: url.protocol === 'rediss:' ? {} : undefined,
      // Workers block on Redis; BullMQ requires unlimited retries for those connections.
      maxRetriesPerRequest: null,
    },
  };
}

/**
 * How many jobs of one queue a worker runs at once, so that the queues together never want
 * more database connections than the pool has: each job holds at most one connection at a
 * time, and half the pool (`DB_POOL_SIZE`) stays free for HTTP requests and the sweepers.
 * Returns at least 1 and at most `wanted`.
 */
export function jobConcurrency(poolSize: number, wanted: number): number {
  return Math.max(1, Math.min(wanted, Math.floor(poolSize / 2)));
}

/**
 * Worker options of the queues whose jobs must not wait on a dead worker (deadlines, emails).
 * A job taken by a worker killed before it finished is held by that worker's lock until the
 * lock runs out, then moved back to wait by another worker's stalled check. BullMQ's defaults
 * (a 30 s lock, a check every 30 s) made a reminder taken by a killed worker 30–60 s late; the
 * contract allows 10 s after the service is back. A job run again is harmless (the database
 * decides what a job does), so a job may be recovered from a stall several times.
 */
export const PROMPT_RECOVERY_WORKER_OPTIONS = {
  /** ms; renewed every half of it while the job runs. */
  lockDuration: 6_000,
  /** ms between stalled checks. */
  stalledInterval: 2_000,
  maxStalledCount: 5,
} as const;
