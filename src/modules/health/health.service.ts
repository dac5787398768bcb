import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';
import { MAINTENANCE_QUEUE } from '@app/modules/maintenance/maintenance.jobs';

const CHECK_TIMEOUT_MS = 2000;

interface PoolCounters {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

async function probe(check: () => Promise<unknown>): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** What `/health` answers: `ok` decides 200 or 503; `body` is the JSON. */
export interface HealthReport {
  ok: boolean;
  body: {
    status: 'ok' | 'unavailable';
    checks: { database: 'up' | 'down'; pool: 'ok' | 'exhausted' | 'unknown'; queue: 'up' | 'down' };
    pool: { size: number; total: number | null; idle: number | null; waiting: number | null };
    queueBackend: 'redis' | 'postgres';
    role: RuntimeConfig['appRole'];
  };
}

/**
 * The health of this process: the database through its pool, the queue backend, each probe
 * given 2 s. Served at `GET /health` by API processes and on `METRICS_PORT` by workers.
 */
@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue,
    @InjectConfig() private readonly config: RuntimeConfig,
  ) {}

  async check(): Promise<HealthReport> {
    const [pooled, queue] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.queue.getJobCounts('waiting')),
    ]);
    // The pool failed: ask the server on a connection of our own, to tell a wedged process
    // (every pooled connection held, the server fine) from a database that is down.
    const database = pooled === 'up' ? 'up' : await probe(() => this.directProbe());
    const pool = pooled === 'up' ? 'ok' : database === 'up' ? 'exhausted' : 'unknown';
    const ok = pooled === 'up' && queue === 'up';
    return {
      ok,
      body: {
        status: ok ? 'ok' : 'unavailable',
        checks: { database, pool, queue },
        pool: this.poolStats(),
        queueBackend: this.config.redisUrl ? 'redis' : 'postgres',
        role: this.config.appRole,
      },
    };
  }

  private async directProbe(): Promise<void> {
    const client = new Client({
      connectionString: this.config.databaseUrl,
      connectionTimeoutMillis: CHECK_TIMEOUT_MS,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** pg-pool's own counters: connections open, idle, and callers waiting for one. */
  private poolStats() {
    const pg = (this.dataSource.driver as unknown as { master?: PoolCounters }).master;
    return {
      size: this.config.database.poolSize,
      total: pg?.totalCount ?? null,
      idle: pg?.idleCount ?? null,
      waiting: pg?.waitingCount ?? null,
    };
  }
}
