import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Public } from '@app/modules/identity/auth/auth.decorators';
import { MAINTENANCE_QUEUE } from '@app/modules/maintenance/maintenance.jobs';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';

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

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue,
    @InjectConfig() private readonly config: RuntimeConfig,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: 'The database and the queue are reachable' })
  @ApiServiceUnavailableResponse({
    description:
      'The database or the queue is down, or this process cannot get a pooled connection ' +
      '(`checks.pool: "exhausted"` while `checks.database: "up"`: the process is wedged, not the database)',
  })
  @ApiOperation({ summary: 'Database, connection pool and queue health' })
  async health(@Res({ passthrough: true }) response: Response) {
    const [pooled, queue] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.queue.getJobCounts('waiting')),
    ]);
    // The pool failed: ask the server on a connection of our own, to tell a wedged process
    // (every pooled connection held, the server fine) from a database that is down.
    const database = pooled === 'up' ? 'up' : await probe(() => this.directProbe());
    const pool = pooled === 'up' ? 'ok' : database === 'up' ? 'exhausted' : 'unknown';
    const ok = pooled === 'up' && queue === 'up';
    response.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'unavailable',
      checks: { database, pool, queue },
      pool: this.poolStats(),
      queueBackend: this.config.redisUrl ? 'redis' : 'postgres',
      role: this.config.appRole,
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
