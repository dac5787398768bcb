import { addDuration, subtractDuration } from '@puentes/business-calendar';
import type { EscalationTarget, StepDefinition } from '@puentes/workflow-engine';
import type { TimerKind } from './entities/deadline-timer.entity';

/** When to remind before a deadline and escalate after it: a step's, or an action item's. */
export type TimerSchedule = Pick<StepDefinition, 'reminders' | 'escalations'>;

export interface PlannedTimer {
  kind: TimerKind;
  ordinal: number;
  fireAt: Date;
  notify: EscalationTarget[];
}

/**
 * The reminders (`dueAt − before`) and escalations (`dueAt + after`) of a deadline, with
 * day-sized offsets counted in the owner's zone (P1D before 18:00 is 18:00 the day before,
 * across a DST change too).
 *
 * @example timersFor(step, new Date('2026-12-05T01:00:00Z'), 'America/Hermosillo')
 */
export function timersFor(schedule: TimerSchedule, dueAt: Date, timeZone: string): PlannedTimer[] {
  return [
    ...(schedule.reminders ?? []).map((r, ordinal) => ({
      kind: 'reminder' as const,
      ordinal,
      fireAt: subtractDuration(dueAt, r.before, timeZone),
      notify: [],
    })),
    ...(schedule.escalations ?? []).map((e, ordinal) => ({
      kind: 'escalation' as const,
      ordinal,
      fireAt: addDuration(dueAt, e.after, timeZone),
      notify: e.notify,
    })),
  ];
}
