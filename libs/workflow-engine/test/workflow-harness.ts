import { applyEvent, replay } from '../src/apply-event';
import type { Attributes, ChainDefinition, Seat } from '../src/chain-definition';
import { attach, cancel, decide, escalate, remind, resubmit, start } from '../src/commands';
import type {
  AttachCommand,
  CommandResult,
  DecideCommand,
  EngineOptions,
  TimerCommand,
} from '../src/commands';
import type { Effect } from '../src/effects';
import type { WorkflowEvent } from '../src/workflow-events';
import type { StepState, WorkflowState } from '../src/workflow-state';
import { deepFreeze } from './helpers';

export const T0 = new Date('2026-03-02T15:00:00.000Z');

/** A deadline of one elapsed day, standing in for the business calendar. */
export const oneDayLater: EngineOptions['dueAt'] = (_step, activatedAt) =>
  new Date(activatedAt.getTime() + 24 * 3600 * 1000);

/**
 * Drives one workflow through the commands and checks, after every command, that the new state
 * is the fold of the events it returned and that the old state was not touched.
 */
export class WorkflowHarness {
  state: WorkflowState;
  readonly history: WorkflowEvent[] = [];
  last: CommandResult;
  now = T0;

  constructor(
    readonly definition: ChainDefinition,
    attributes: Attributes = {},
    readonly options: EngineOptions = { dueAt: oneDayLater },
  ) {
    deepFreeze(definition);
    this.last = this.record(
      null,
      start(definition, { attributes, actorId: 'coordinator' }, T0, options),
    );
    this.state = this.last.state;
  }

  /** Moves the clock forward by whole minutes. */
  later(minutes = 60): this {
    this.now = new Date(this.now.getTime() + minutes * 60_000);
    return this;
  }

  step(key: string): StepState {
    const step = this.state.steps.find((candidate) => candidate.key === key);
    if (!step) throw new Error(`no step ${key}`);
    return step;
  }

  statuses(): Record<string, string> {
    return Object.fromEntries(this.state.steps.map((step) => [step.key, step.status]));
  }

  decide(command: Omit<DecideCommand, 'actorId'> & { actorId?: string }): CommandResult {
    return this.apply(
      decide(
        this.definition,
        this.state,
        { actorId: 'approver', ...command },
        this.now,
        this.options,
      ),
    );
  }

  /** Every seat of an assignee approves (both co-chairs for a group). */
  approve(stepKey: string, assignee: string, seats: Seat[] = seatsFor(assignee)): this {
    for (const seat of seats) this.decide({ stepKey, assignee, seat, decision: 'approve' });
    return this;
  }

  reject(stepKey: string, assignee: string, seat: Seat = seatsFor(assignee)[0]): CommandResult {
    return this.decide({ stepKey, assignee, seat, decision: 'reject', comment: 'Incomplete file' });
  }

  requestChanges(
    stepKey: string,
    assignee: string,
    seat: Seat = seatsFor(assignee)[0],
  ): CommandResult {
    return this.decide({
      stepKey,
      assignee,
      seat,
      decision: 'request_changes',
      comment: 'Add the hydraulic study',
    });
  }

  resubmit(stepKey: string): CommandResult {
    return this.apply(
      resubmit(
        this.definition,
        this.state,
        { stepKey, comment: 'Study attached', actorId: 'coordinator' },
        this.now,
        this.options,
      ),
    );
  }

  remind(command: TimerCommand): CommandResult {
    return this.apply(remind(this.definition, this.state, command, this.now));
  }

  escalate(command: TimerCommand): CommandResult {
    return this.apply(escalate(this.definition, this.state, command, this.now));
  }

  attach(command: Omit<AttachCommand, 'actorId'>): CommandResult {
    return this.apply(
      attach(this.definition, this.state, { ...command, actorId: 'uploader' }, this.now),
    );
  }

  cancel(): CommandResult {
    return this.apply(
      cancel(
        this.definition,
        this.state,
        { comment: 'Withdrawn', actorId: 'coordinator' },
        this.now,
      ),
    );
  }

  effects<Type extends Effect['type']>(type: Type): Extract<Effect, { type: Type }>[] {
    return this.last.effects.filter(
      (effect): effect is Extract<Effect, { type: Type }> => effect.type === type,
    );
  }

  eventTypes(): string[] {
    return this.last.events.map((event) => event.type);
  }

  private apply(result: CommandResult): CommandResult {
    this.last = this.record(this.state, result);
    this.state = result.state;
    return result;
  }

  private record(before: WorkflowState | null, result: CommandResult): CommandResult {
    const folded = result.events.reduce<WorkflowState | null>(
      (state, event) => applyEvent(this.definition, state, event),
      before,
    );
    expect(folded).toEqual(result.state);
    this.history.push(...result.events);
    expect(replay(this.definition, this.history)).toEqual(result.state);
    expect(JSON.parse(JSON.stringify(result))).toStrictEqual(result);
    return deepFreeze(result);
  }
}

function seatsFor(assignee: string): Seat[] {
  return assignee.startsWith('group:') ? ['mx', 'us'] : ['agency'];
}
