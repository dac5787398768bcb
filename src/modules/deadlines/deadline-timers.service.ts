import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OutboxEntry } from '@app/common/outbox/outbox';
import { Metrics } from '@app/modules/operations/metrics';

export type FireOutcome =
  | { outcome: 'fired'; outbox: OutboxEntry[] }
  | { outcome: 'early'; fireAt: Date }
  | { outcome: 'skipped'; reason: string; outbox: OutboxEntry[] };

/** What a timer is about: a round of a workflow step, or a group's action item. */
export type TimerSubject = 'step' | 'action_item';

/** A pending, due timer as its owner receives it. */
export interface DueTimerRef {
  id: string;
  workflowId: string | null;
  actionItemId: string | null;
}

/** The module that owns a kind of timer fires it: re-reads its subject, decides, notifies. */
export interface TimerHandler {
  fire(timer: DueTimerRef, now: Date): Promise<FireOutcome>;
}

/**
 * The deadline machinery every module shares: one table of timers, one queue of delayed jobs,
 * one processor and one sweeper. Each module registers the handler of its kind of timer.
 */
@Injectable()
export class DeadlineTimers {
  private readonly handlers = new Map<TimerSubject, TimerHandler>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: Metrics,
  ) {}

  handle(subject: TimerSubject, handler: TimerHandler): void {
    this.handlers.set(subject, handler);
  }

  /** Fires a timer if it is pending and due; never early, and a second time does nothing. */
  async fire(timerId: string, now: Date): Promise<FireOutcome> {
    const [timer] = (await this.dataSource.query(
      'SELECT id, workflow_id, action_item_id, status, fire_at FROM deadline_timers WHERE id = $1',
      [timerId],
    )) as {
      id: string;
      workflow_id: string | null;
      action_item_id: string | null;
      status: string;
      fire_at: Date;
    }[];
    if (!timer) return { outcome: 'skipped', reason: 'no such timer', outbox: [] };
    if (timer.status !== 'pending')
      return { outcome: 'skipped', reason: `already ${timer.status}`, outbox: [] };
    if (now < timer.fire_at) return { outcome: 'early', fireAt: timer.fire_at };
    const subject: TimerSubject = timer.action_item_id ? 'action_item' : 'step';
    const handler = this.handlers.get(subject);
    if (!handler) throw new Error(`no handler for ${subject} timers is registered`);
    const outcome = await handler.fire(
      { id: timer.id, workflowId: timer.workflow_id, actionItemId: timer.action_item_id },
      now,
    );
    // Counted here, the one door every timer's job goes through. A step timer's job may fire
    // other workflows' due timers in its transaction; those are not counted (their own jobs
    // then find them fired): the count is of timers fired by their job, the lag exact for each.
    if (outcome.outcome === 'fired') this.metrics.timerFired(subject, timer.fire_at, now);
    return outcome;
  }
}
