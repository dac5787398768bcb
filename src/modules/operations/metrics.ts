import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { routeOf } from '@app/common/logging/logging';

/** Job counts a queue reports, by state (BullMQ's `getJobCounts`). */
export type QueueCounts = Record<string, number>;

/** Where the queue-depth gauge reads each queue at scrape time. */
export type QueueDepthSource = () => Promise<{ queue: string; counts: QueueCounts }[]>;

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'];

/**
 * The process's Prometheus metrics (prom-client), one registry per started service so that
 * several services in one process (the tests) never share counters. Names and units follow
 * Prometheus conventions: seconds, `_total` for counters. Besides the Node defaults
 * (`process_*`, `nodejs_*`, among them `nodejs_eventloop_lag_seconds`):
 *
 * - `puentes_http_requests_total{method,route,status}` and
 *   `puentes_http_request_duration_seconds{method,route,status}`: every HTTP request; `route`
 *   is the pattern matched (`/api/v1/workflows/:id`), or `unmatched` (static files, 404s).
 * - `puentes_decisions_total{decision}`: decisions recorded through the API.
 * - `puentes_timers_fired_total{subject}` and `puentes_timer_lag_seconds{subject}` (fired
 *   minus due): deadline timers (step reminders and escalations, action items) fired.
 * - `puentes_timers_overdue_seconds`: how late the oldest pending timer is (the sweeper's
 *   view each second: it rises when timers are not fired, whatever the reason).
 * - `puentes_emails_total{outcome}`: email attempts — `sent` (SMTP accepted it), `logged`
 *   (no SMTP_URL), `failed` (for good), `retry` (will be tried again).
 * - `puentes_queue_jobs{queue,state}`: jobs per queue and state, read when scraped.
 * - `puentes_queue_jobs_processed_total{queue,outcome}`: jobs this process completed or failed.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly httpRequests = new Counter({
    name: 'puentes_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'puentes_http_request_duration_seconds',
    help: 'Time from a request to the end of its answer, in seconds',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly decisions = new Counter({
    name: 'puentes_decisions_total',
    help: 'Decisions recorded on workflow steps, by decision',
    labelNames: ['decision'],
    registers: [this.registry],
  });
  private readonly timersFired = new Counter({
    name: 'puentes_timers_fired_total',
    help: 'Deadline timers fired (reminders, escalations, action-item notices), by subject',
    labelNames: ['subject'],
    registers: [this.registry],
  });
  private readonly timerLag = new Histogram({
    name: 'puentes_timer_lag_seconds',
    help: 'How late a deadline timer fired: fired minus due, in seconds',
    labelNames: ['subject'],
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900],
    registers: [this.registry],
  });
  private readonly timersOverdue = new Gauge({
    name: 'puentes_timers_overdue_seconds',
    help: 'How long the oldest pending deadline timer is past its time (0: none), per sweep',
    registers: [this.registry],
  });
  private readonly emails = new Counter({
    name: 'puentes_emails_total',
    help: 'Email delivery attempts by outcome: sent, logged (no SMTP), failed (for good), retry',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly jobsProcessed = new Counter({
    name: 'puentes_queue_jobs_processed_total',
    help: 'Queue jobs this process finished, by queue and outcome (completed, failed)',
    labelNames: ['queue', 'outcome'],
    registers: [this.registry],
  });
  private queueDepths?: QueueDepthSource;

  constructor(labels: { role: string }) {
    this.registry.setDefaultLabels({ role: labels.role });
    collectDefaultMetrics({ register: this.registry });
    const depths = () => this.queueDepths?.();
    new Gauge({
      name: 'puentes_queue_jobs',
      help: 'Jobs in each queue by state, read from the queue backend when scraped',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { queue, counts } of (await depths()) ?? []) {
          for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
  }

  /** Tells the queue-depth gauge where to read the queues (set once the queues exist). */
  readQueuesWith(source: QueueDepthSource): void {
    this.queueDepths = source;
  }

  decision(decision: string): void {
    this.decisions.inc({ decision });
  }

  /** A timer fired at `firedAt` that was due at `dueAt`. */
  timerFired(subject: string, dueAt: Date, firedAt: Date): void {
    this.timersFired.inc({ subject });
    this.timerLag.observe({ subject }, Math.max(0, firedAt.getTime() - dueAt.getTime()) / 1000);
  }

  /** The oldest pending timer is due at `dueAt` (undefined: none is due), seen at `now`. */
  oldestPendingTimer(dueAt: Date | undefined, now: number): void {
    this.timersOverdue.set(dueAt ? Math.max(0, now - dueAt.getTime()) / 1000 : 0);
  }

  email(outcome: 'sent' | 'logged' | 'failed' | 'retry'): void {
    this.emails.inc({ outcome });
  }

  job(queue: string, outcome: 'completed' | 'failed'): void {
    this.jobsProcessed.inc({ queue, outcome });
  }

  /** Express middleware counting and timing every request once its answer is sent. */
  httpMiddleware() {
    return (request: Request, response: Response, next: NextFunction): void => {
      const started = process.hrtime.bigint();
      response.once('finish', () => {
        const labels = {
          method: request.method,
          route: routeOf(request) ?? 'unmatched',
          status: String(response.statusCode),
        };
        this.httpRequests.inc(labels);
        this.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      });
      next();
    };
  }

  /** The text exposition, as Prometheus scrapes it. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/**
 * Whether a request may read `/metrics`: always without `METRICS_TOKEN`, else only with
 * `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time).
 */
export function metricsAllowed(authorization: string | undefined, token?: string): boolean {
  if (!token) return true;
  const given = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const METRICS = Symbol('METRICS');
