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
  OUTBOX_RETENTION_DAYS,
  PURGE_IDEMPOTENCY_KEYS,
  PURGE_OUTBOX,
  SWEEP_DOCUMENT_FILES,
  SWEEP_DOCUMENT_FILES_EVERY_MS,
} from './maintenance.jobs';

/** Rows deleted per statement, so a large purge never holds many locks at once. */
const PURGE_BATCH = 5000;

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
    await this.queue.upsertJobScheduler(
      PURGE_OUTBOX,
      { every: 60 * 60 * 1000 },
      { name: PURGE_OUTBOX, opts: { removeOnComplete: 100, removeOnFail: 1000 } },
    );
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
      case PURGE_OUTBOX:
        return { purged: await this.purgeOutbox() };
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

  /**
   * Deletes outbox rows relayed more than `OUTBOX_RETENTION_DAYS` ago (by the clock in use), a
   * batch at a time; returns how many went. Rows not yet relayed stay for the relay's sweep.
   */
  async purgeOutbox(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - OUTBOX_RETENTION_DAYS * 86_400_000);
    let total = 0;
    for (;;) {
      const [, purged] = (await this.dataSource.query(
        `DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox WHERE processed_at < $1 ORDER BY id LIMIT $2)`,
        [cutoff, PURGE_BATCH],
      )) as [unknown, number];
      total += purged;
      if (purged < PURGE_BATCH) break;
    }
    if (total > 0) this.logger.log(`Purged ${total} relayed outbox rows`);
    return total;
  }
}
