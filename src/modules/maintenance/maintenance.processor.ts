import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '@app/common/clock/clock';
import { AuditCheckpoints } from '@app/modules/audit/audit-checkpoints.service';
import { DocumentSweeper } from '@app/modules/documents/document-sweeper';
import {
  DAILY_CHECKPOINT,
  DAILY_CHECKPOINT_PATTERN,
  IDEMPOTENCY_KEY_TTL_HOURS,
  MAINTENANCE_QUEUE,
  PLENARY_CHECKPOINTS,
  PLENARY_CHECKPOINTS_EVERY_MS,
  PURGE_IDEMPOTENCY_KEYS,
  RETIRED_SCHEDULERS,
  SWEEP_DOCUMENT_FILES,
  SWEEP_DOCUMENT_FILES_EVERY_MS,
} from './maintenance.jobs';

@Processor(MAINTENANCE_QUEUE)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('Maintenance');

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue,
    private readonly checkpoints: AuditCheckpoints,
    private readonly clock: Clock,
    private readonly documentSweeper: DocumentSweeper,
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
    for (const retired of RETIRED_SCHEDULERS) await this.queue.removeJobScheduler(retired);
    // A checkpoint job run twice (a duplicate delivery, two workers) makes one checkpoint:
    // each has a trigger key (the UTC date, the meeting) that a checkpoint holds once.
    await this.queue.upsertJobScheduler(
      DAILY_CHECKPOINT,
      { pattern: DAILY_CHECKPOINT_PATTERN, tz: 'UTC' },
      { name: DAILY_CHECKPOINT, opts: { removeOnComplete: 100, removeOnFail: 1000 } },
    );
    await this.queue.upsertJobScheduler(
      PLENARY_CHECKPOINTS,
      { every: PLENARY_CHECKPOINTS_EVERY_MS },
      { name: PLENARY_CHECKPOINTS, opts: { removeOnComplete: 100, removeOnFail: 1000 } },
    );
    await this.queue.upsertJobScheduler(
      SWEEP_DOCUMENT_FILES,
      { every: SWEEP_DOCUMENT_FILES_EVERY_MS },
      { name: SWEEP_DOCUMENT_FILES, opts: { removeOnComplete: 100, removeOnFail: 1000 } },
    );
  }

  async process(job: Job): Promise<Record<string, unknown>> {
    switch (job.name) {
      case PURGE_IDEMPOTENCY_KEYS:
        return { purged: await this.purgeIdempotencyKeys() };
      case DAILY_CHECKPOINT:
        return { checkpoint: (await this.checkpoints.makeDaily(this.clock.now()))?.id ?? null };
      case PLENARY_CHECKPOINTS:
        return {
          checkpoints: (await this.checkpoints.makeForPlenaries(this.clock.now())).map((c) => c.id),
        };
      case SWEEP_DOCUMENT_FILES:
        return { swept: await this.documentSweeper.sweep() };
      default:
        throw new Error(`Unknown job ${job.name}`);
    }
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
