import { getQueueToken } from '@nestjs/bullmq';
import { Logger, type Provider } from '@nestjs/common';
import type { Queue } from 'bullmq';

const QUIET_MS = 30_000;

/**
 * Logs a queue's connection errors (Redis down, PostgreSQL restarting) as warnings, once per
 * distinct message every 30 s: without a listener BullMQ prints every reconnect attempt.
 */
export function reportQueueErrors(
  emitter: { on(event: 'error', listener: (error: Error) => void): unknown },
  logger: Pick<Logger, 'warn'>,
): void {
  const lastSeen = new Map<string, number>();
  emitter.on('error', (error: Error) => {
    const now = Date.now();
    if (now - (lastSeen.get(error.message) ?? 0) < QUIET_MS) return;
    lastSeen.set(error.message, now);
    logger.warn(`Queue connection: ${error.message}`);
  });
}

/** A provider that reports the named queue's connection errors under `context`. */
export function queueErrorReporter(queueName: string, context: string): Provider {
  return {
    provide: `queue-errors:${queueName}`,
    inject: [getQueueToken(queueName)],
    useFactory: (queue: Queue) => reportQueueErrors(queue, new Logger(context)),
  };
}
