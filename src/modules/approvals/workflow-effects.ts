import { Injectable } from '@nestjs/common';
import {
  type CommandResult,
  type Effect,
  parseAssigneeId,
  type Recipient,
} from '@puentes/workflow-engine';
import type { EntityManager } from 'typeorm';
import { enqueueAfterCommit, type OutboxEntry, type OutboxJob } from '@app/common/outbox/outbox';
import {
  type NotificationBatch,
  NotificationsService,
  type RecipientQuery,
} from '@app/modules/notifications/notifications.service';
import { deadlineWithdrawals } from './deadline-withdrawals';
import { ownerOf, type StepOwners } from './deadlines';
import { timerJobs } from '@app/modules/deadlines/jobs/deadline.jobs';
import { timersFor } from '@app/modules/deadlines/timers';
import type { LoadedWorkflow } from './workflow-store';

/** Whom `{ assignee }` recipients are: approvers of an agency, co-chairs of a group. */
export function recipientsOf(
  assignees: string[],
  seats?: { assignee: string; seat: string }[],
): RecipientQuery {
  const query: Required<Pick<RecipientQuery, 'approversOf' | 'coChairsOf' | 'coChairSeats'>> = {
    approversOf: [],
    coChairsOf: [],
    coChairSeats: [],
  };
  for (const id of assignees) {
    const assignee = parseAssigneeId(id);
    if (!assignee) continue;
    if ('agency' in assignee) query.approversOf.push(assignee.agency);
    else if (!seats) query.coChairsOf.push(assignee.technicalGroup);
  }
  for (const { assignee, seat } of seats ?? []) {
    const parsed = parseAssigneeId(assignee);
    if (parsed && 'technicalGroup' in parsed)
      query.coChairSeats.push(`${parsed.technicalGroup}/${seat}`);
  }
  return query;
}

/**
 * The assignees still to sign an active step, from its open slots (`workflow_steps.awaiting`),
 * as recipients and as codes for the text.
 */
export function pendingFromSlots(awaiting: string[]) {
  const open = awaiting.map((slot) => ({
    assignee: slot.slice(0, slot.lastIndexOf('/')),
    seat: slot.slice(slot.lastIndexOf('/') + 1),
  }));
  const assignees = [...new Set(open.map((s) => s.assignee))];
  return {
    to: recipientsOf(assignees, open),
    codes: assignees.map((a) => a.slice(a.indexOf(':') + 1)),
  };
}

/**
 * Carries out the engine's effects in the command's transaction: the timers of steps that
 * activated, the cancellation of timers of steps that finished, and the notifications. Returns
 * the outbox rows to relay once the transaction has committed.
 */
@Injectable()
export class WorkflowEffects {
  constructor(private readonly notifications: NotificationsService) {}

  async apply(
    manager: EntityManager,
    loaded: LoadedWorkflow,
    result: CommandResult,
    owners: StepOwners,
  ): Promise<OutboxEntry[]> {
    const stepId = (key: string) => loaded.steps.find((s) => s.key === key)!.id;
    const jobs: OutboxJob[] = [];

    const finished = result.effects.filter((e) => e.type === 'step_finished');
    if (finished.length > 0) {
      await manager.query(
        `UPDATE deadline_timers t SET status = 'cancelled'
           FROM unnest($1::uuid[], $2::int[]) AS f(step_id, round)
          WHERE t.step_id = f.step_id AND t.round = f.round AND t.status = 'pending'`,
        [finished.map((e) => stepId(e.stepKey)), finished.map((e) => e.round)],
      );
      // Their deadlines no longer apply: the calendars that received them drop them (CANCEL).
      jobs.push(
        ...(await this.notifications.withdrawDeadlines(
          manager,
          deadlineWithdrawals(loaded, result, finished),
        )),
      );
    }

    const timers = result.effects.flatMap((effect) => {
      if (effect.type !== 'step_activated' || !effect.dueAt) return [];
      const step = loaded.definition.steps.find((s) => s.key === effect.stepKey)!;
      return timersFor(step, new Date(effect.dueAt), ownerOf(owners, step).timeZone).map((t) => ({
        workflow_id: loaded.workflow.id,
        step_id: stepId(effect.stepKey),
        round: effect.round,
        kind: t.kind,
        ordinal: t.ordinal,
        fire_at: t.fireAt.toISOString(),
        notify: t.notify,
      }));
    });
    if (timers.length > 0) {
      const created = (await manager.query(
        `INSERT INTO deadline_timers (workflow_id, step_id, round, kind, ordinal, fire_at, notify)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(workflow_id uuid, step_id uuid, round int,
                kind text, ordinal int, fire_at timestamptz, notify text[])
         ON CONFLICT ON CONSTRAINT uq_deadline_timers_slot DO NOTHING
         RETURNING id, fire_at`,
        [JSON.stringify(timers)],
      )) as { id: string; fire_at: Date }[];
      jobs.push(...timerJobs(created));
    }

    const notices = result.effects.filter((e) => e.type === 'notify');
    if (notices.length > 0) {
      const names = await this.actorNames(manager, result);
      jobs.push(
        ...(await this.notifications.notify(
          manager,
          notices.map((e) => this.batch(loaded, result, e, names)),
        )),
      );
    }
    return enqueueAfterCommit(manager, jobs);
  }

  /** The names of the people whose commands caused the events: notices say who decided. */
  private async actorNames(
    manager: EntityManager,
    result: CommandResult,
  ): Promise<Map<string, string>> {
    const ids = [...new Set(result.events.flatMap((e) => (e.actorId ? [e.actorId] : [])))];
    if (ids.length === 0) return new Map();
    const rows = (await manager.query('SELECT id, name FROM users WHERE id = ANY($1::uuid[])', [
      ids,
    ])) as { id: string; name: string }[];
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  private batch(
    loaded: LoadedWorkflow,
    result: CommandResult,
    effect: Extract<Effect, { type: 'notify' }>,
    names: Map<string, string>,
  ): NotificationBatch {
    const { workflow, definition } = loaded;
    const stepIndex = effect.stepKey
      ? definition.steps.findIndex((s) => s.key === effect.stepKey)
      : -1;
    const state = stepIndex >= 0 ? result.state.steps[stepIndex] : undefined;
    const row = stepIndex >= 0 ? loaded.steps[stepIndex] : undefined;
    // The comment of the signature that caused it (a request for changes, a rejection).
    const decision = [...result.events]
      .reverse()
      .find((e) => e.type === 'decision_recorded' && e.data.stepKey === effect.stepKey);
    const step =
      state && row
        ? {
            key: state.key,
            name: definition.steps[stepIndex].name,
            dueAt: state.dueAt ? new Date(state.dueAt) : null,
            round: state.round,
          }
        : undefined;
    // Who caused it: the signer of that decision (and for whom), or whoever cancelled.
    const cause =
      decision ??
      (effect.notification === 'workflow_cancelled'
        ? result.events.find((e) => e.type === 'workflow_cancelled')
        : undefined);
    const actorName = cause?.actorId ? (names.get(cause.actorId) ?? null) : null;
    const onReject = stepIndex >= 0 ? definition.steps[stepIndex].onReject : undefined;
    const returnTo =
      effect.notification === 'step_rejected' &&
      result.state.status === 'active' &&
      onReject &&
      typeof onReject === 'object'
        ? definition.steps.find((s) => s.key === onReject.returnTo)?.name
        : undefined;
    const event = row
      ? `${effect.notification}/${row.id}/${state!.round}`
      : `${effect.notification}/${workflow.id}`;
    return {
      kind: effect.notification,
      to: this.resolve(loaded, result, effect.to),
      event,
      context: {
        project: loaded.context.project,
        workflow: {
          id: workflow.id,
          chainName: { en: loaded.chain.nameEn, es: loaded.chain.nameEs },
          status: result.state.status,
        },
        step,
        comment:
          decision?.type === 'decision_recorded'
            ? decision.data.comment
            : cause?.type === 'workflow_cancelled'
              ? ((cause.data as { comment?: string | null }).comment ?? null)
              : null,
        actor: actorName ? { name: actorName } : null,
        decidedFor:
          decision?.type === 'decision_recorded'
            ? decision.data.assignee.slice(decision.data.assignee.indexOf(':') + 1)
            : null,
        returnTo: returnTo ?? null,
      },
      calendar:
        effect.notification === 'step_assigned' && step?.dueAt
          ? { uid: `${row!.id}-${step.round}`, start: step.dueAt }
          : null,
    };
  }

  private resolve(loaded: LoadedWorkflow, result: CommandResult, to: Recipient[]): RecipientQuery {
    const assignees = to.flatMap((r) => ('assignee' in r ? [r.assignee] : []));
    if (to.some((r) => 'signers' in r)) {
      // Every assignee that approved a step of the workflow.
      for (const step of result.state.steps) {
        for (const d of step.decisions) if (d.decision === 'approve') assignees.push(d.assignee);
      }
    }
    const query = recipientsOf([...new Set(assignees)]);
    if (to.some((r) => 'coordinator' in r)) query.userIds = [loaded.workflow.coordinatorId];
    return query;
  }
}
