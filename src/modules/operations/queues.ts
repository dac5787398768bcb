import { getQueueToken, WorkerHost } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { DEADLINES_QUEUE } from '@app/modules/deadlines/jobs/deadline.jobs';
import { MAINTENANCE_QUEUE } from '@app/modules/maintenance/maintenance.jobs';
import { EMAIL_QUEUE } from '@app/modules/notifications/jobs/email.jobs';
import { Metrics } from './metrics';

/** Every queue of the service: what the dashboard shows and the depth gauge reads. */
export const QUEUE_NAMES = [DEADLINES_QUEUE, EMAIL_QUEUE, MAINTENANCE_QUEUE] as const;

/** The queues of a started application, by name (on either backend). */
export function queuesOf(moduleRef: Pick<ModuleRef, 'get'>): Queue[] {
  return QUEUE_NAMES.map((name) => moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
}

/**
 * Connects the queues to the metrics: their depths are read at each scrape, and each worker of
 * this process counts the jobs it completes and fails.
 */
@Injectable()
export class QueueMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly metrics: Metrics,
    private readonly moduleRef: ModuleRef,
    private readonly discovery: DiscoveryService,
  ) {}

  onApplicationBootstrap(): void {
    const queues = queuesOf(this.moduleRef);
    this.metrics.readQueuesWith(() =>
      Promise.all(
        queues.map(async (queue) => ({
          queue: queue.name,
          // A queue backend that is down leaves the gauge empty rather than failing the scrape.
          counts: await queue.getJobCounts().catch(() => ({})),
        })),
      ),
    );
    for (const wrapper of this.discovery.getProviders()) {
      const host = wrapper.instance as unknown;
      if (!(host instanceof WorkerHost)) continue;
      const worker = host.worker;
      worker.on('completed', () => this.metrics.job(worker.name, 'completed'));
      worker.on('failed', () => this.metrics.job(worker.name, 'failed'));
    }
  }
}
