import { Injectable } from '@nestjs/common';
import type { WorkflowEvent } from '@puentes/workflow-engine';
import { DataSource } from 'typeorm';
import { enqueueAfterCommit, type OutboxEntry } from '@app/common/outbox/outbox';
import {
  NotificationsService,
  type RecipientQuery,
} from '@app/modules/notifications/notifications.service';
import type { DeadlineTimer } from './entities/deadline-timer.entity';
import { pendingOf, WorkflowEffects } from './workflow-effects';
import { WorkflowStore } from './workflow-store';

export type FireOutcome =
  | { outcome: 'fired'; outbox: OutboxEntry[] }
  | { outcome: 'early'; fireAt: Date }
  | { outcome: 'skipped'; reason: string };

/**
 * Fires a reminder or an escalation. Under the workflow's lock (the one decisions take), it
 * re-reads the timer and its step: only a pending timer of a step still active in the same
 * round fires, so running the same job twice, or after the step was decided, has no effect.
 */
@Injectable()
export class DeadlinesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: WorkflowStore,
    private readonly effects: WorkflowEffects,
    private readonly notifications: NotificationsService,
  ) {}

  async fire(timerId: string, now: Date): Promise<FireOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const [found] = (await manager.query(
        'SELECT workflow_id FROM deadline_timers WHERE id = $1',
        [timerId],
      )) as {
        workflow_id: string;
      }[];
      if (!found) return { outcome: 'skipped', reason: 'no such timer' };
      const loaded = await this.store.load(manager, found.workflow_id, true);
      const [timer] = (await manager.query(
        `SELECT id, step_id AS "stepId", round, kind, ordinal, fire_at AS "fireAt", status, notify
           FROM deadline_timers WHERE id = $1`,
        [timerId],
      )) as DeadlineTimer[];
      if (timer.status !== 'pending')
        return { outcome: 'skipped', reason: `already ${timer.status}` };
      if (now < timer.fireAt) return { outcome: 'early', fireAt: timer.fireAt };

      const index = loaded.steps.findIndex((s) => s.id === timer.stepId);
      const step = loaded.state.steps[index];
      if (
        loaded.state.status !== 'active' ||
        step.status !== 'active' ||
        step.round !== timer.round
      ) {
        await manager.query(`UPDATE deadline_timers SET status = 'cancelled' WHERE id = $1`, [
          timer.id,
        ]);
        return { outcome: 'skipped', reason: 'the step is no longer active in that round' };
      }

      await manager.query(
        `UPDATE deadline_timers SET status = 'fired', fired_at = $2 WHERE id = $1`,
        [timer.id, now],
      );
      const row = loaded.steps[index];
      if (timer.kind === 'escalation') {
        row.escalationLevel += 1;
        await manager.query('UPDATE workflow_steps SET escalation_level = $2 WHERE id = $1', [
          row.id,
          row.escalationLevel,
        ]);
      }
      const pending = pendingOf(loaded, step.key);
      const event = {
        type: timer.kind === 'reminder' ? 'reminder_sent' : 'escalated',
        at: now.toISOString(),
        actorId: null,
        data: {
          stepKey: step.key,
          round: step.round,
          ordinal: timer.ordinal,
          pending: pending.codes,
          ...(timer.kind === 'escalation'
            ? { escalationLevel: row.escalationLevel, notify: timer.notify }
            : {}),
        },
      } as unknown as WorkflowEvent;
      await this.store.record(manager, loaded, {
        state: loaded.state,
        events: [event],
        effects: [],
      });

      const context = await this.effects.context(manager, loaded);
      const to: RecipientQuery =
        timer.kind === 'reminder'
          ? { ...pending.to, userIds: [loaded.workflow.coordinatorId] }
          : {
              ...(timer.notify.includes('agency') ? pending.to : {}),
              userIds: timer.notify.includes('coordinator') ? [loaded.workflow.coordinatorId] : [],
              admins: timer.notify.includes('admin'),
              coChairsOf:
                timer.notify.includes('group_chairs') && context.technicalGroupCode
                  ? [context.technicalGroupCode]
                  : [],
            };
      const dueAt = step.dueAt ? new Date(step.dueAt) : null;
      const jobs = await this.notifications.notify(manager, [
        {
          kind: timer.kind,
          to,
          event: `${timer.kind}/${timer.id}`,
          context: {
            project: context.project,
            workflow: {
              id: loaded.workflow.id,
              chainName: { en: loaded.chain.nameEn, es: loaded.chain.nameEs },
              status: loaded.state.status,
            },
            step: {
              key: step.key,
              name: loaded.definition.steps[index].name,
              dueAt,
              round: step.round,
              escalationLevel: row.escalationLevel,
              assignees: pending.codes,
            },
          },
          calendar:
            timer.kind === 'reminder' && dueAt
              ? { uid: `${row.id}-${step.round}`, start: dueAt }
              : null,
        },
      ]);
      return { outcome: 'fired', outbox: await enqueueAfterCommit(manager, jobs) };
    });
  }
}
