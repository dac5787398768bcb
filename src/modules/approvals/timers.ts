import { addDuration, subtractDuration } from '@puentes/business-calendar';
import type { EscalationTarget, StepDefinition } from '@puentes/workflow-engine';
import type { TimerKind } from '@app/modules/deadlines/entities/deadline-timer.entity';

export interface PlannedTimer {
  kind: TimerKind;
  ordinal: number;
  fireAt: Date;
  notify: EscalationTarget[];
}

/**
 * The reminders (`dueAt − before`) and escalations (`dueAt + after`) of a step's round, with
 * day-sized offsets counted in the owner's zone (P1D before 18:00 is 18:00 the day before,
 * across a DST change too).
 *
 * @example timersFor(step, new Date('2026-12-05T01:00:00Z'), 'America/Hermosillo')
 */
export function timersFor(step: StepDefinition, dueAt: Date, timeZone: string): PlannedTimer[] {
  return [
    ...(step.reminders ?? []).map((r, ordinal) => ({
      kind: 'reminder' as const,
      ordinal,
      fireAt: subtractDuration(dueAt, r.before, timeZone),
      notify: [],
    })),
    ...(step.escalations ?? []).map((e, ordinal) => ({
      kind: 'escalation' as const,
      ordinal,
      fireAt: addDuration(dueAt, e.after, timeZone),
      notify: e.notify,
    })),
  ];
}
