import type { AfterCommitJob } from '@app/common/jobs/after-commit';

/** The deadline queue: one delayed job per reminder or escalation timer. */
export const DEADLINES_QUEUE = 'deadlines';
export const FIRE_TIMER = 'fire-timer';

export interface FireTimerData {
  timerId: string;
}

/** Deterministic, so the after-commit add and the sweeper never double a timer (BullMQ ids have no `:`). */
export const timerJobId = (timerId: string) => `timer-${timerId}`;

export const TIMER_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/** The delayed jobs of timers just written, to enqueue after their transaction commits. */
export const timerJobs = (timers: { id: string; fire_at: Date }[]): AfterCommitJob[] =>
  timers.map((timer) => ({
    queue: DEADLINES_QUEUE,
    name: FIRE_TIMER,
    jobId: timerJobId(timer.id),
    data: { timerId: timer.id },
    runAt: timer.fire_at,
  }));
