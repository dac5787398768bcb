import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '@app/modules/identity/auth/auth.decorators';
import { MAINTENANCE_QUEUE } from '@app/modules/maintenance/maintenance.jobs';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';

const CHECK_TIMEOUT_MS = 2000;

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
  @ApiServiceUnavailableResponse({ description: 'The database or the queue is down' })
  async health(@Res({ passthrough: true }) response: Response) {
    const [database, queue] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.queue.getJobCounts('waiting')),
    ]);
    const ok = database === 'up' && queue === 'up';
    response.status(ok ? 200 : 503);
    return {
      status: ok ? 'ok' : 'unavailable',
      checks: { database, queue },
      queueBackend: this.config.redisUrl ? 'redis' : 'postgres',
      role: this.config.appRole,
    };
  }
}
