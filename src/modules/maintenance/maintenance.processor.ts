import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import {
  IDEMPOTENCY_KEY_TTL_HOURS,
  MAINTENANCE_QUEUE,
  PURGE_IDEMPOTENCY_KEYS,
} from './maintenance.jobs';

@Processor(MAINTENANCE_QUEUE)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('Maintenance');

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  /** Idempotent: every worker upserts the same scheduler, and BullMQ keeps one. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      PURGE_IDEMPOTENCY_KEYS,
      { every: 60 * 60 * 1000 },
      { name: PURGE_IDEMPOTENCY_KEYS, opts: { removeOnComplete: 100, removeOnFail: 1000 } },
    );
  }

  async process(job: Job): Promise<{ purged: number }> {
    if (job.name !== PURGE_IDEMPOTENCY_KEYS) throw new Error(`Unknown job ${job.name}`);
    return { purged: await this.purgeIdempotencyKeys() };
  }

  async purgeIdempotencyKeys(): Promise<number> {
    const [, purged] = (await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
      [IDEMPOTENCY_KEY_TTL_HOURS],
    )) as [unknown, number];
    if (purged > 0) this.logger.log(`Purged ${purged} expired idempotency keys`);
    return purged;
  }
}
