import { Injectable } from '@nestjs/common';
import {
  type CommandResult,
  type Effect,
  escalate,
  type NotifyEffect,
  remind,
  type WorkflowEvent,
  WorkflowEngineError,
} from '@puentes/workflow-engine';
import { DataSource } from 'typeorm';
import { DeadlineTimers } from '@app/modules/deadlines/deadline-timers.service';
import {
  type DueTimer,
  type FireOutcome,
  HandlesTimers,
  type TimerHandler,
} from '@app/modules/deadlines/timer-handler';
import { WorkflowEffects } from './workflow-effects';
import { type LoadedWorkflow, WorkflowStore } from './workflow-store';

/**
 * How many workflows one transaction fires the due timers of. A Monday-morning burst of
 * reminders goes out in a few dozen transactions, with one recipients query and one insert
 * each, instead of ten thousand.
 */
const WORKFLOWS_PER_BATCH = 100;

/**
 * Fires the reminders and escalations of workflow steps, like any other write to a workflow:
 * lock → load → engine (`remind`, `escalate`) → record (the workflow store) → effects. The
 * engine refuses a timer whose round is over, and that timer is cancelled; so running the same
 * job twice, or after the step was decided, has no effect.
 */
@HandlesTimers('step')
@Injectable()
export class StepTimers implements TimerHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: WorkflowStore,
    private readonly effects: WorkflowEffects,
    private readonly timers: DeadlineTimers,
  ) {}

  /**
   * Fires one timer's job: that timer, and in the same transaction every other due timer of
   * up to `WORKFLOWS_PER_BATCH` workflows that no one else holds (`SKIP LOCKED`), so the jobs
   * of a burst mostly find their timer already fired and finish at once.
   */
  async fire(timer: DueTimer, now: Date): Promise<FireOutcome> {
    if (timer.subject.kind !== 'step') throw new Error(`not a step timer: ${timer.id}`);
    const workflowId = timer.subject.workflowId;
    return this.dataSource.transaction(async (manager) => {
      // Its own workflow waits for the lock (a decision may hold it); the others are taken
      // only if free, and never while waiting for one, so no two batches deadlock.
      await manager.query('SELECT id FROM workflows WHERE id = $1 FOR UPDATE', [workflowId]);
      const candidates = await this.timers.workflowsWithDueTimers(
        manager,
        workflowId,
        WORKFLOWS_PER_BATCH - 1,
        now,
      );
      const others =
        candidates.length === 0
          ? []
          : ((await manager.query(
              'SELECT id FROM workflows WHERE id = ANY($1::uuid[]) FOR UPDATE SKIP LOCKED',
              [candidates],
            )) as { id: string }[]);
      const ids = [workflowId, ...others.map((o) => o.id)];
      const due = await this.timers.dueForWorkflows(manager, ids, now);
      const loaded = await this.store.loadLocked(manager, [...new Set(due.map(workflowOf))]);

      const fired: string[] = [];
      const cancelled: string[] = [];
      const answers = loaded.flatMap((workflow) => {
        const answer = this.runTimers(
          workflow,
          due.filter((t) => workflowOf(t) === workflow.workflow.id),
          now,
        );
        fired.push(...answer.fired);
        cancelled.push(...answer.cancelled);
        return answer.result ? [{ loaded: workflow, ...answer.result }] : [];
      });
      await this.store.recordAll(manager, answers);
      await this.timers.settle(manager, { fired, cancelled }, now);
      const queued = await this.effects.applyAll(manager, answers);
      return fired.includes(timer.id)
        ? { outcome: 'fired', queued }
        : { outcome: 'skipped', reason: 'the step is no longer active in that round', queued };
    });
  }

  /**
   * Runs the engine on one workflow's due timers in turn; a refused timer (its round is over)
   * is to be cancelled. The answers fold into one result, recorded in one go.
   */
  private runTimers(loaded: LoadedWorkflow, due: DueTimer[], now: Date) {
    const fired: string[] = [];
    const cancelled: string[] = [];
    const events: WorkflowEvent[] = [];
    const effects: Effect[] = [];
    const names = new Map<string, string>();
    let state = loaded.state;
    for (const timer of due) {
      const step = loaded.steps.find(
        (s) => timer.subject.kind === 'step' && s.id === timer.subject.stepId,
      );
      const command = { stepKey: step?.key ?? '', round: timer.round, ordinal: timer.ordinal };
      let result: CommandResult;
      try {
        result = (timer.kind === 'reminder' ? remind : escalate)(
          loaded.definition,
          state,
          command,
          now,
        );
      } catch (error) {
        if (!(error instanceof WorkflowEngineError)) throw error;
        cancelled.push(timer.id);
        continue;
      }
      fired.push(timer.id);
      state = result.state;
      events.push(...result.events);
      effects.push(...result.effects);
      names.set(noticeKey(timer.kind, command), `${timer.kind}/${timer.id}`);
    }
    if (events.length === 0) return { fired, cancelled, result: null };
    return {
      fired,
      cancelled,
      result: {
        result: { state, events, effects },
        // A timer's notice is named after the timer: at most once per person, however often it fires.
        eventOf: (effect: NotifyEffect) =>
          names.get(
            noticeKey(effect.notification === 'reminder' ? 'reminder' : 'escalation', {
              stepKey: effect.stepKey ?? '',
              round: effect.round ?? 0,
              ordinal: effect.ordinal ?? 0,
            }),
          ),
      },
    };
  }
}

const workflowOf = (timer: DueTimer) =>
  timer.subject.kind === 'step' ? timer.subject.workflowId : '';

const noticeKey = (kind: string, t: { stepKey: string; round: number; ordinal: number }) =>
  `${kind}/${t.stepKey}/${t.round}/${t.ordinal}`;
