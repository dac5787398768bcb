import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { EscalationTarget } from '@puentes/workflow-engine';
import { DataSource, type EntityManager } from 'typeorm';
import type { AfterCommitJob } from '@app/common/jobs/after-commit';
import type { TimerKind } from './entities/deadline-timer.entity';
import { timerJobs } from './jobs/deadline.jobs';
import {
  type DueTimer,
  type FireOutcome,
  HandlesTimers,
  TIMER_SUBJECTS,
  type TimerHandler,
  type TimerSubject,
  type TimerSubjectKind,
} from './timer-handler';
import type { PlannedTimer } from './timers';
import { Metrics } from '@app/modules/operations/metrics';
import { prepared } from '@app/database/prepared-statement';

interface TimerRow {
  id: string;
  workflow_id: string | null;
  step_id: string | null;
  action_item_id: string | null;
  delegation_id: string | null;
  round: number;
  kind: TimerKind;
  ordinal: number;
  status: string;
  fire_at: Date;
  notify: EscalationTarget[];
}

const COLUMNS =
  'id, workflow_id, step_id, action_item_id, delegation_id, round, kind, ordinal, status, fire_at, notify';

function dueTimerOf(row: TimerRow): DueTimer {
  const subject: TimerSubject = row.action_item_id
    ? { kind: 'action_item', actionItemId: row.action_item_id }
    : row.delegation_id
      ? { kind: 'delegation', delegationId: row.delegation_id }
      : { kind: 'step', workflowId: row.workflow_id!, stepId: row.step_id!, round: row.round };
  return {
    id: row.id,
    kind: row.kind,
    ordinal: row.ordinal,
    round: row.round,
    fireAt: row.fire_at,
    notify: row.notify,
    subject,
  };
}

/**
 * The one writer of `deadline_timers`: schedules a subject's timers (and their delayed jobs),
 * cancels them, settles them when they fire, and hands each due timer to its subject's
 * handler (one per subject, found at start-up by `@HandlesTimers`). Every method that writes
 * takes the caller's transaction, so a timer changes with the state that decided it.
 */
@Injectable()
export class DeadlineTimers implements OnModuleInit {
  private readonly handlers = new Map<TimerSubjectKind, TimerHandler>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly discovery: DiscoveryService,
    private readonly metrics: Metrics,
  ) {}

  /** Finds the handlers; a subject with none, or with two, stops the start. */
  onModuleInit(): void {
    const found = new Map<TimerSubjectKind, string[]>();
    for (const wrapper of this.discovery.getProviders({ metadataKey: HandlesTimers.KEY })) {
      const subject = this.discovery.getMetadataByDecorator(HandlesTimers, wrapper);
      if (!subject || !wrapper.instance) continue;
      found.set(subject, [...(found.get(subject) ?? []), wrapper.name]);
      this.handlers.set(subject, wrapper.instance as TimerHandler);
    }
    for (const subject of TIMER_SUBJECTS) {
      const names = [...new Set(found.get(subject) ?? [])];
      if (names.length !== 1)
        throw new Error(
          `Timers of subject '${subject}' need exactly one @HandlesTimers handler; found ${names.length ? names.join(', ') : 'none'}`,
        );
    }
  }

  /**
   * Writes the timers of subjects in the caller's transaction and returns their delayed jobs
   * to enqueue after commit. A step round's timers are written once (a second schedule of the
   * same round, kind and ordinal is a no-op); an action item's schedule is a new round; a
   * delegation has one `start` timer (a second schedule is a no-op).
   * `cancelling`: step rounds that finished in the same command, whose pending timers are
   * cancelled as by `cancel`, in the same statement as the new steps' timers (one round trip
   * where a decision closes one step and opens the next).
   */
  async schedule(
    manager: EntityManager,
    entries: { subject: TimerSubject; timers: PlannedTimer[] }[],
    cancelling: { kind: 'step'; stepId: string; round: number }[] = [],
  ): Promise<AfterCommitJob[]> {
    const steps = entries.flatMap(({ subject, timers }) =>
      subject.kind === 'step'
        ? timers.map((t) => ({
            workflow_id: subject.workflowId,
            step_id: subject.stepId,
            round: subject.round,
            kind: t.kind,
            ordinal: t.ordinal,
            fire_at: t.fireAt.toISOString(),
            notify: t.notify,
          }))
        : [],
    );
    const created: { id: string; fire_at: Date }[] = [];
    if (steps.length > 0) {
      // The cancellation touches only the finished rounds' rows, never the ones inserted here.
      created.push(
        ...((await manager.query(
          prepared(`WITH cancelled AS (
             UPDATE deadline_timers t SET status = 'cancelled'
               FROM unnest($2::uuid[], $3::int[]) AS f(step_id, round)
              WHERE t.step_id = f.step_id AND t.round = f.round AND t.status = 'pending')
           INSERT INTO deadline_timers (workflow_id, step_id, round, kind, ordinal, fire_at, notify)
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(workflow_id uuid, step_id uuid, round int,
                  kind text, ordinal int, fire_at timestamptz, notify text[])
           ON CONFLICT ON CONSTRAINT uq_deadline_timers_slot DO NOTHING
           RETURNING id, fire_at`),
          [JSON.stringify(steps), cancelling.map((s) => s.stepId), cancelling.map((s) => s.round)],
        )) as { id: string; fire_at: Date }[]),
      );
    } else {
      await this.cancel(manager, cancelling);
    }
    for (const { subject, timers } of entries) {
      if (subject.kind !== 'action_item' || timers.length === 0) continue;
      created.push(
        ...((await manager.query(
          `INSERT INTO deadline_timers (action_item_id, round, kind, ordinal, fire_at, notify)
           SELECT $1, (SELECT COALESCE(max(round) + 1, 0) FROM deadline_timers WHERE action_item_id = $1),
                  t.kind, t.ordinal, t.fire_at, t.notify
             FROM jsonb_to_recordset($2::jsonb)
                  AS t(kind text, ordinal int, fire_at timestamptz, notify text[])
           RETURNING id, fire_at`,
          [
            subject.actionItemId,
            JSON.stringify(
              timers.map((t) => ({
                kind: t.kind,
                ordinal: t.ordinal,
                fire_at: t.fireAt,
                notify: t.notify,
              })),
            ),
          ],
        )) as { id: string; fire_at: Date }[]),
      );
    }
    const delegations = entries.flatMap(({ subject, timers }) =>
      subject.kind === 'delegation'
        ? timers.map((t) => ({
            delegation_id: subject.delegationId,
            kind: t.kind,
            fire_at: t.fireAt,
          }))
        : [],
    );
    if (delegations.length > 0) {
      created.push(
        ...((await manager.query(
          `INSERT INTO deadline_timers (delegation_id, round, kind, ordinal, fire_at)
           SELECT t.delegation_id, 0, t.kind, 0, t.fire_at
             FROM jsonb_to_recordset($1::jsonb) AS t(delegation_id uuid, kind text, fire_at timestamptz)
           ON CONFLICT ON CONSTRAINT uq_deadline_timers_delegation_slot DO NOTHING
           RETURNING id, fire_at`,
          [JSON.stringify(delegations)],
        )) as { id: string; fire_at: Date }[]),
      );
    }
    return timerJobs(created);
  }

  /**
   * Cancels the pending timers of subjects: a step's round, every schedule of an action item,
   * a delegation's start. Fired timers stay as they are.
   */
  async cancel(
    manager: EntityManager,
    subjects: (
      | { kind: 'step'; stepId: string; round: number }
      | { kind: 'action_item'; actionItemId: string }
      | { kind: 'delegation'; delegationId: string }
    )[],
  ): Promise<void> {
    const steps = subjects.flatMap((s) => (s.kind === 'step' ? [s] : []));
    const items = subjects.flatMap((s) => (s.kind === 'action_item' ? [s.actionItemId] : []));
    const delegations = subjects.flatMap((s) => (s.kind === 'delegation' ? [s.delegationId] : []));
    if (delegations.length > 0) {
      await manager.query(
        `UPDATE deadline_timers SET status = 'cancelled'
          WHERE delegation_id = ANY($1::uuid[]) AND status = 'pending'`,
        [delegations],
      );
    }
    if (steps.length > 0) {
      await manager.query(
        `UPDATE deadline_timers t SET status = 'cancelled'
           FROM unnest($1::uuid[], $2::int[]) AS f(step_id, round)
          WHERE t.step_id = f.step_id AND t.round = f.round AND t.status = 'pending'`,
        [steps.map((s) => s.stepId), steps.map((s) => s.round)],
      );
    }
    if (items.length > 0) {
      await manager.query(
        `UPDATE deadline_timers SET status = 'cancelled'
          WHERE action_item_id = ANY($1::uuid[]) AND status = 'pending'`,
        [items],
      );
    }
  }

  /** Records what a handler did with due timers: fired at `now`, or dropped as stale. */
  async settle(
    manager: EntityManager,
    outcome: { fired: string[]; cancelled: string[] },
    now: Date,
  ): Promise<void> {
    if (outcome.fired.length === 0 && outcome.cancelled.length === 0) return;
    await manager.query(
      `UPDATE deadline_timers
          SET status = CASE WHEN id = ANY($1::uuid[]) THEN 'fired' ELSE 'cancelled' END,
              fired_at = CASE WHEN id = ANY($1::uuid[]) THEN $3::timestamptz ELSE fired_at END
        WHERE id = ANY($1::uuid[] || $2::uuid[]) AND status = 'pending'`,
      [outcome.fired, outcome.cancelled, now],
    );
  }

  /** One timer as it is now (in the caller's transaction), or null. */
  async find(manager: EntityManager, id: string): Promise<(DueTimer & { status: string }) | null> {
    const [row] = (await manager.query(`SELECT ${COLUMNS} FROM deadline_timers WHERE id = $1`, [
      id,
    ])) as TimerRow[];
    return row ? { ...dueTimerOf(row), status: row.status } : null;
  }

  /**
   * The pending timers of these workflows' steps that are due at `now`, in the order they
   * fell due (then escalations before reminders, then by ordinal).
   */
  async dueForWorkflows(
    manager: EntityManager,
    workflowIds: string[],
    now: Date,
  ): Promise<DueTimer[]> {
    const rows = (await manager.query(
      `SELECT ${COLUMNS} FROM deadline_timers
        WHERE workflow_id = ANY($1::uuid[]) AND status = 'pending' AND fire_at <= $2
        ORDER BY workflow_id, fire_at, kind, ordinal`,
      [workflowIds, now],
    )) as TimerRow[];
    return rows.map(dueTimerOf);
  }

  /**
   * Up to `limit` workflows, other than `except`, that have step timers due at `now`,
   * soonest first: a firing batch takes those whose locks are free.
   */
  async workflowsWithDueTimers(
    manager: EntityManager,
    except: string,
    limit: number,
    now: Date,
  ): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT workflow_id FROM deadline_timers
        WHERE status = 'pending' AND fire_at <= $1 AND workflow_id <> $2
          AND workflow_id IS NOT NULL
        GROUP BY workflow_id ORDER BY min(fire_at) LIMIT $3`,
      [now, except, limit],
    )) as { workflow_id: string }[];
    return rows.map((r) => r.workflow_id);
  }

  /** The ids of pending timers due at `now` (or within `lookaheadMs` of it), soonest first. */
  async pendingDue(
    now: Date,
    lookaheadMs = 0,
    limit = 1000,
  ): Promise<{ id: string; fireAt: Date }[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, fire_at FROM deadline_timers
        WHERE status = 'pending' AND fire_at <= $1::timestamptz + make_interval(secs => $2::float / 1000)
        ORDER BY fire_at LIMIT $3`,
      [now, lookaheadMs, limit],
    )) as { id: string; fire_at: Date }[];
    return rows.map((r) => ({ id: r.id, fireAt: r.fire_at }));
  }

  /** Fires a timer if it is pending and due; never early, and a second time does nothing. */
  async fire(timerId: string, now: Date): Promise<FireOutcome> {
    const timer = await this.find(this.dataSource.manager, timerId);
    if (!timer) return { outcome: 'skipped', reason: 'no such timer', queued: [] };
    if (timer.status !== 'pending')
      return { outcome: 'skipped', reason: `already ${timer.status}`, queued: [] };
    if (now < timer.fireAt) return { outcome: 'early', fireAt: timer.fireAt };
    const outcome = await this.handlers.get(timer.subject.kind)!.fire(timer, now);
    // Counted here, the one door every timer's job goes through. A step timer's job may fire
    // other workflows' due timers in its transaction; those are not counted (their own jobs
    // then find them fired): the count is of timers fired by their job, the lag exact for each.
    if (outcome.outcome === 'fired') this.metrics.timerFired(timer.subject.kind, timer.fireAt, now);
    return outcome;
  }
}
