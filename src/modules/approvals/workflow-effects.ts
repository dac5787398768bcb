import { Injectable } from '@nestjs/common';
import {
  type CommandResult,
  type DecisionRecordedEvent,
  type EscalatedEvent,
  type NotifyEffect,
  type ReminderSentEvent,
  assigneeId,
  parseAssigneeId,
  type Recipient,
  type Seat,
  seatsOf,
  type WorkflowEventType,
  withReassignments,
} from '@puentes/workflow-engine';
import type { EntityManager } from 'typeorm';
import type { AfterCommitJob } from '@app/common/jobs/after-commit';
import {
  type NotificationBatch,
  NotificationsService,
  type RecipientQuery,
} from '@app/modules/notifications/notifications.service';
import { deadlineWithdrawals } from './deadline-withdrawals';
import { ownerOf, type StepOwners } from './deadlines';
import { DeadlineTimers } from '@app/modules/deadlines/deadline-timers.service';
import type { TimerSubject } from '@app/modules/deadlines/timer-handler';
import { type PlannedTimer, timersFor } from '@app/modules/deadlines/timers';
import { isUnstaffed, type Staffing, staffingOf } from './staffing';
import type { LoadedWorkflow } from './workflow-store';

/** A person whose command this is, as the auth guard read them. */
export interface KnownActor {
  id: string;
  name: string;
}
type NotificationInputContext = Extract<
  NotificationBatch,
  { context: { workflow: unknown } }
>['context'];
/** The event that caused a notice, for the kinds not caused by a decision. */
const CAUSE_OF_NOTICE: Partial<Record<NotifyEffect['notification'], WorkflowEventType>> = {
  workflow_cancelled: 'workflow_cancelled',
  assignee_reassigned: 'assignee_reassigned',
  comment_added: 'comment_added',
};

/** `agency:CBP` → `CBP`. */
const codeOf = (id: string) => id.slice(id.indexOf(':') + 1);

/** A decision a delegate recorded in someone's place (it names its delegation). */
const signedAsDelegate = (
  event: CommandResult['events'][number],
): event is DecisionRecordedEvent & {
  data: { delegator: { userId: string; name: string }; legalBasis: string };
} =>
  event.type === 'decision_recorded' &&
  event.data.delegator !== undefined &&
  event.data.legalBasis !== undefined;

/**
 * Whom `{ assignee }` recipients are, as the signatures they hold: the approvers of an agency
 * (`approversOf`), the holders of a group's seats (`coChairSeats`: both seats of each of
 * `assignees`, only the given seat of each of `seats`). Signatures, not the group's chairs as
 * such (`coChairsOf`), so that the notices asking for a decision also reach the delegates they
 * are lent to (see `RecipientQuery`).
 */
export function recipientsOf(
  assignees: string[],
  seats: { assignee: string; seat: Seat }[] = [],
): Required<Pick<RecipientQuery, 'approversOf' | 'coChairSeats'>> {
  const approversOf = new Set<string>();
  const coChairSeats = new Set<string>();
  const add = (id: string, only?: Seat) => {
    const assignee = parseAssigneeId(id);
    if (!assignee) return;
    if ('agency' in assignee) approversOf.add(assignee.agency);
    else
      for (const seat of only ? [only] : seatsOf(assignee))
        coChairSeats.add(`${assignee.technicalGroup}/${seat}`);
  };
  for (const id of assignees) add(id);
  for (const { assignee, seat } of seats) if (seat !== 'agency') add(assignee, seat);
  return { approversOf: [...approversOf], coChairSeats: [...coChairSeats] };
}

/**
 * Carries out the engine's effects in the command's transaction: the timers of steps that
 * activated, the cancellation of timers of steps that finished, and the notifications. Returns
 * the jobs to queue once the transaction has committed.
 */
@Injectable()
export class WorkflowEffects {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly timers: DeadlineTimers,
  ) {}

  /**
   * One workflow's answer. `owners`: the zones of the activated steps' deadline owners (none:
   * UTC); `actor`: whose command it is (its name is not looked up again); `staffing`: who can
   * sign for the workflow's open assignees now, when the caller has it (the answer shows it).
   */
  async apply(
    manager: EntityManager,
    loaded: LoadedWorkflow,
    result: CommandResult,
    known: { owners?: StepOwners; actor?: KnownActor; staffing?: Staffing } = {},
  ): Promise<AfterCommitJob[]> {
    return this.applyAll(
      manager,
      [{ loaded, result, owners: known.owners }],
      known.actor ? [known.actor] : [],
      known.staffing,
    );
  }

  /**
   * `apply` for the answers of many workflows in one transaction: one statement that cancels
   * the finished steps' timers and schedules the new ones, one query of names (none when the
   * `actors` whose commands these are were given), one query of recipients and one insert of
   * notifications (the deadlines' withdrawals included), and no other write.
   * `eventOf` names a notice's event (its dedup key) when the caller knows better — a timer's
   * notice is named after the timer, so a timer fired twice tells no one twice.
   */
  async applyAll(
    manager: EntityManager,
    answers: {
      loaded: LoadedWorkflow;
      result: CommandResult;
      owners?: StepOwners;
      eventOf?: (effect: NotifyEffect) => string | undefined;
    }[],
    actors: KnownActor[] = [],
    staffing?: Staffing,
  ): Promise<AfterCommitJob[]> {
    const finished: { kind: 'step'; stepId: string; round: number }[] = [];
    const schedules: { subject: TimerSubject; timers: PlannedTimer[] }[] = [];
    const notices: { answer: (typeof answers)[number]; effect: NotifyEffect }[] = [];
    const activated: { loaded: LoadedWorkflow; result: CommandResult; stepKey: string }[] = [];
    // Deadlines that no longer apply: the calendars that received them drop them (CANCEL).
    const withdrawals: NotificationBatch[] = [];
    for (const answer of answers) {
      const { loaded, result } = answer;
      const stepId = (key: string) => loaded.steps.find((s) => s.key === key)!.id;
      for (const effect of result.effects) {
        if (effect.type === 'step_finished') {
          finished.push({ kind: 'step', stepId: stepId(effect.stepKey), round: effect.round });
        } else if (effect.type === 'step_activated') {
          activated.push({ loaded, result, stepKey: effect.stepKey });
        }
        if (effect.type === 'step_activated' && effect.dueAt) {
          // The step as this workflow runs it: its deadline's owner is its first assignee now.
          const step = withReassignments(loaded.definition, result.state).steps.find(
            (s) => s.key === effect.stepKey,
          )!;
          const zone = ownerOf(answer.owners ?? new Map(), step).timeZone;
          schedules.push({
            subject: {
              kind: 'step',
              workflowId: loaded.workflow.id,
              stepId: stepId(effect.stepKey),
              round: effect.round,
            },
            timers: timersFor(step, new Date(effect.dueAt), zone),
          });
        } else if (effect.type === 'notify') {
          notices.push({ answer, effect });
        }
      }
      const ended = result.effects.filter((e) => e.type === 'step_finished');
      if (ended.length > 0) withdrawals.push(...deadlineWithdrawals(loaded, result, ended));
    }
    const jobs: AfterCommitJob[] = await this.timers.schedule(manager, schedules, finished);
    // A step that starts with nobody able to sign for one of its assignees: say so at once.
    const unstaffed = await this.unstaffedNotices(manager, activated, staffing);
    const delegated = answers.some(({ result }) => result.events.some(signedAsDelegate));
    const names =
      notices.length > 0 || delegated
        ? await this.actorNames(manager, answers, actors)
        : new Map<string, string>();
    jobs.push(
      ...(await this.notifications.notify(manager, [
        ...notices.map(({ answer, effect }) =>
          this.batch(answer.loaded, answer.result, effect, names, answer.eventOf?.(effect)),
        ),
        ...answers.flatMap(({ loaded, result }) => this.inYourPlace(loaded, result, names)),
        ...withdrawals,
        ...unstaffed,
      ])),
    );
    return jobs;
  }

  /**
   * `signed_in_your_place` for each decision a delegate recorded (suplencia): its delegator is
   * told who signed in their place, what, for which assignee, and under which legal basis —
   * whatever the decision's other notices, which go to others. Named after the decision's event
   * (its seq in the history: `loaded` is as recorded), so each decision tells its delegator once.
   */
  private inYourPlace(
    loaded: LoadedWorkflow,
    result: CommandResult,
    names: Map<string, string>,
  ): NotificationBatch[] {
    const { workflow, definition } = loaded;
    const firstSeq = workflow.lastSeq - result.events.length + 1;
    return result.events.flatMap((event, index) => {
      if (!signedAsDelegate(event)) return [];
      const { data } = event;
      const stepIndex = definition.steps.findIndex((s) => s.key === data.stepKey);
      const state = result.state.steps[stepIndex];
      if (stepIndex < 0 || !state) return [];
      const actorName = event.actorId ? (names.get(event.actorId) ?? null) : null;
      return [
        {
          kind: 'signed_in_your_place' as const,
          to: { userIds: [data.delegator.userId] },
          event: `signed_in_your_place/${workflow.id}/${firstSeq + index}`,
          context: {
            project: loaded.context.project,
            workflow: {
              id: workflow.id,
              chainName: { en: loaded.chain.nameEn, es: loaded.chain.nameEs },
              status: result.state.status,
            },
            step: {
              key: data.stepKey,
              name: definition.steps[stepIndex].name,
              dueAt: null,
              round: data.round,
            },
            actor: actorName ? { name: actorName } : null,
            decidedFor: codeOf(data.assignee),
            comment: data.comment,
            signedInYourPlace: {
              decision: data.decision,
              at: new Date(event.at),
              legalBasis: data.legalBasis,
              reference: data.reference ?? null,
            },
          },
        },
      ];
    });
  }

  /**
   * `step_unstaffed` for each step that just activated with an assignee nobody can sign for
   * now (see `staffingOf`): to the workflow's coordinator and every admin, naming those
   * assignees; once per step round and person.
   */
  private async unstaffedNotices(
    manager: EntityManager,
    activated: { loaded: LoadedWorkflow; result: CommandResult; stepKey: string }[],
    known?: Staffing,
  ): Promise<NotificationBatch[]> {
    if (activated.length === 0) return [];
    // The step as the workflow runs it, after any reassignment.
    const assigneesOf = ({ loaded, result, stepKey }: (typeof activated)[number]) =>
      withReassignments(loaded.definition, result.state)
        .steps.find((s) => s.key === stepKey)!
        .assignees.map(assigneeId);
    const wanted = activated.flatMap(assigneesOf);
    const staffing =
      known && wanted.every((id) => known.has(id)) ? known : await staffingOf(manager, wanted);
    return activated.flatMap((activation) => {
      const nobody = assigneesOf(activation).filter((id) => isUnstaffed(staffing.get(id)));
      if (nobody.length === 0) return [];
      return [
        this.stepNotice(activation.loaded, activation.result.state, activation.stepKey, {
          kind: 'step_unstaffed',
          to: { userIds: [activation.loaded.workflow.coordinatorId], admins: true },
          assignees: nobody.map((id) => id.slice(id.indexOf(':') + 1)),
        }),
      ];
    });
  }

  /**
   * A notice about one step of a workflow as it stands (`state`), to whom the caller says:
   * `step_unstaffed` (naming `assignees`), or `step_assigned` to people who have just become
   * able to sign for it (the same event as the step's own assignment, so nobody gets it twice)
   * — for delegates, naming the delegator whose place they sign in (`inPlaceOf`), and until
   * when (`until`, the delegation's end).
   */
  stepNotice(
    loaded: LoadedWorkflow,
    state: LoadedWorkflow['state'],
    stepKey: string,
    notice: {
      kind: 'step_unstaffed' | 'step_assigned';
      to: RecipientQuery;
      assignees?: string[];
      inPlaceOf?: string;
      until?: Date;
    },
  ): NotificationBatch {
    const round = state.steps.find((s) => s.key === stepKey)!.round;
    const batch = this.batch(
      loaded,
      { state, events: [], effects: [] },
      { type: 'notify', notification: 'step_assigned', stepKey, round, to: [] },
      new Map(),
    );
    const context = batch.context as NotificationInputContext;
    return {
      ...batch,
      kind: notice.kind,
      to: notice.to,
      event: batch.event.replace(/^step_assigned\//, `${notice.kind}/`),
      context: {
        ...context,
        step:
          context.step && notice.assignees
            ? { ...context.step, assignees: notice.assignees }
            : context.step,
        ...(notice.inPlaceOf
          ? { awaitingInPlaceOf: notice.inPlaceOf, awaitingUntil: notice.until ?? null }
          : {}),
      },
      calendar: notice.kind === 'step_assigned' ? batch.calendar : null,
    } as NotificationBatch;
  }

  /**
   * The names of the people whose commands caused the events: notices say who decided. Those
   * of `known` (the caller, already read by the auth guard) cost no query.
   */
  private async actorNames(
    manager: EntityManager,
    answers: { result: CommandResult }[],
    known: KnownActor[],
  ): Promise<Map<string, string>> {
    const names = new Map(known.map((a) => [a.id, a.name]));
    const ids = [
      ...new Set(
        answers.flatMap(({ result }) =>
          result.events.flatMap((e) => (e.actorId && !names.has(e.actorId) ? [e.actorId] : [])),
        ),
      ),
    ];
    if (ids.length === 0) return names;
    const rows = (await manager.query('SELECT id, name FROM users WHERE id = ANY($1::uuid[])', [
      ids,
    ])) as { id: string; name: string }[];
    for (const row of rows) names.set(row.id, row.name);
    return names;
  }

  private batch(
    loaded: LoadedWorkflow,
    result: CommandResult,
    effect: NotifyEffect,
    names: Map<string, string>,
    eventName?: string,
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
    // A reminder or escalation names the level reached and who still owes the round.
    const timerEvent = result.events.find(
      (e): e is ReminderSentEvent | EscalatedEvent =>
        ((e.type === 'reminder_sent' && effect.notification === 'reminder') ||
          (e.type === 'escalated' && effect.notification === 'escalation')) &&
        e.data.stepKey === effect.stepKey &&
        e.data.ordinal === effect.ordinal,
    );
    const step =
      state && row
        ? {
            key: state.key,
            name: definition.steps[stepIndex].name,
            dueAt: state.dueAt ? new Date(state.dueAt) : null,
            round: state.round,
            ...(timerEvent
              ? {
                  escalationLevel:
                    timerEvent.type === 'escalated'
                      ? timerEvent.data.escalationLevel
                      : state.escalationLevel,
                  assignees: timerEvent.data.pending,
                }
              : {}),
          }
        : undefined;
    // Who caused it: the signer of that decision (and for whom), or whoever cancelled,
    // reassigned or commented.
    const causeType = CAUSE_OF_NOTICE[effect.notification];
    const cause =
      decision ?? (causeType ? result.events.find((e) => e.type === causeType) : undefined);
    const actorName = cause?.actorId ? (names.get(cause.actorId) ?? null) : null;
    const onReject = stepIndex >= 0 ? definition.steps[stepIndex].onReject : undefined;
    const returnTo =
      effect.notification === 'step_rejected' &&
      result.state.status === 'active' &&
      onReject &&
      typeof onReject === 'object'
        ? definition.steps.find((s) => s.key === onReject.returnTo)?.name
        : undefined;
    // Comments and reassignments can repeat within a round: each is its own event (its seq).
    const event =
      eventName ??
      (causeType === 'comment_added' || causeType === 'assignee_reassigned'
        ? `${effect.notification}/${workflow.id}/${workflow.lastSeq}`
        : undefined) ??
      (row
        ? `${effect.notification}/${row.id}/${state!.round}${effect.ordinal === undefined ? '' : `/${effect.ordinal}`}`
        : `${effect.notification}/${workflow.id}`);
    const to = this.resolve(loaded, result, effect.to);
    // Whoever wrote a comment is not told about it.
    if (cause?.type === 'comment_added' && cause.actorId) to.exceptUserIds = [cause.actorId];
    return {
      kind: effect.notification,
      to,
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
              : cause?.type === 'assignee_reassigned'
                ? cause.data.reason
                : cause?.type === 'comment_added'
                  ? cause.data.body
                  : null,
        actor: actorName ? { name: actorName } : null,
        decidedFor:
          decision?.type === 'decision_recorded'
            ? decision.data.assignee.slice(decision.data.assignee.indexOf(':') + 1)
            : null,
        inPlaceOf:
          decision?.type === 'decision_recorded' ? (decision.data.delegator?.name ?? null) : null,
        reassigned:
          cause?.type === 'assignee_reassigned'
            ? { from: codeOf(cause.data.from), to: codeOf(cause.data.to) }
            : null,
        returnTo: returnTo ?? null,
      },
      calendar:
        (effect.notification === 'step_assigned' || effect.notification === 'reminder') &&
        step?.dueAt
          ? { uid: `${row!.id}-${step.round}`, start: step.dueAt }
          : null,
    };
  }

  private resolve(loaded: LoadedWorkflow, result: CommandResult, to: Recipient[]): RecipientQuery {
    const assignees: string[] = [];
    const seats: { assignee: string; seat: Seat }[] = [];
    for (const r of to) {
      if (!('assignee' in r)) continue;
      if (r.seat && r.seat !== 'agency') seats.push({ assignee: r.assignee, seat: r.seat });
      else assignees.push(r.assignee);
    }
    if (to.some((r) => 'signers' in r)) {
      // Every assignee that approved a step of the workflow.
      for (const step of result.state.steps) {
        for (const d of step.decisions) if (d.decision === 'approve') assignees.push(d.assignee);
      }
    }
    const query: RecipientQuery = recipientsOf(assignees, seats);
    if (to.some((r) => 'coordinator' in r)) query.userIds = [loaded.workflow.coordinatorId];
    if (to.some((r) => 'admins' in r)) query.admins = true;
    const group = loaded.context.technicalGroupCode;
    // The project group's chairs as its chairs (an escalation's `group_chairs`): not a
    // signature of the step, so not their delegates.
    if (group && to.some((r) => 'groupChairs' in r)) query.coChairsOf = [group];
    return query;
  }
}
