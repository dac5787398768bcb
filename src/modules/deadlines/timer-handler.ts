import { DiscoveryService } from '@nestjs/core';
import type { EscalationTarget } from '@puentes/workflow-engine';
import type { AfterCommitJob } from '@app/common/jobs/after-commit';
import type { TimerKind } from './entities/deadline-timer.entity';

/** What a timer is about. Every subject has exactly one handler, found at start-up. */
export const TIMER_SUBJECTS = ['step', 'action_item', 'delegation'] as const;
export type TimerSubjectKind = (typeof TIMER_SUBJECTS)[number];

/**
 * A timer's subject, typed: one round of a workflow step, one schedule of a technical
 * group's action item (`round` counts its reschedules; the deadlines module numbers them), or
 * a delegation that starts later (its one `start` timer).
 */
export type TimerSubject =
  | { kind: 'step'; workflowId: string; stepId: string; round: number }
  | { kind: 'action_item'; actionItemId: string }
  | { kind: 'delegation'; delegationId: string };

/** A pending, due timer as its subject's handler receives it. */
export interface DueTimer {
  id: string;
  kind: TimerKind;
  /** Its place among the subject's reminders (or escalations). */
  ordinal: number;
  round: number;
  fireAt: Date;
  /** Whom an escalation tells, as scheduled (action items read it; steps read their chain). */
  notify: EscalationTarget[];
  subject: TimerSubject;
}

export type FireOutcome =
  | { outcome: 'fired'; queued: AfterCommitJob[] }
  | { outcome: 'early'; fireAt: Date }
  | { outcome: 'skipped'; reason: string; queued: AfterCommitJob[] };

/**
 * Fires the due timers of one kind of subject: re-reads the subject under its lock, decides,
 * settles the timer through `DeadlineTimers.settle` and notifies, in one transaction.
 */
export interface TimerHandler {
  fire(timer: DueTimer, now: Date): Promise<FireOutcome>;
}

/**
 * Marks the provider that fires the timers of a subject kind. `DeadlineTimers` finds every
 * one at start-up and refuses to start unless each subject has exactly one.
 *
 * @example
 * @HandlesTimers('step')
 * @Injectable()
 * export class StepTimers implements TimerHandler { … }
 */
export const HandlesTimers = DiscoveryService.createDecorator<TimerSubjectKind>();
