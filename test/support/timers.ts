import { ManualClock } from '@app/common/clock/clock';
import { AfterCommitQueue } from '@app/common/jobs/after-commit';
import { DeadlineTimers } from '@app/modules/deadlines/deadline-timers.service';
import { DataSource } from 'typeorm';
import type { TestApp } from './test-app';

/** A clock for `createTestApp(env, { clock })` that stands at `at` until a test moves it. */
export const clockAt = (at: string | Date) => new ManualClock(new Date(at));

/**
 * The service-level timer tier: sets the app's clock to `instant` and fires every timer due
 * by then through the deadline machinery (`DeadlineTimers.fire`, the processor's path), then
 * relays the jobs they decided (emails). No sleeping: a reminder due next week fires when the
 * test says it is next week. Returns how each due timer ended (`fired` or `cancelled`; one job
 * may fire several), in the order they fell due.
 */
export async function fireTimersAt(
  app: TestApp,
  clock: ManualClock,
  instant: string | Date,
): Promise<{ timerId: string; status: string }[]> {
  clock.set(new Date(instant));
  const now = clock.now();
  const timers = app.running.app.get(DeadlineTimers, { strict: false });
  const relay = app.running.app.get(AfterCommitQueue, { strict: false });
  const due = await timers.pendingDue(now);
  for (const { id } of due) {
    const fired = await timers.fire(id, now);
    if (fired.outcome !== 'early') await relay.add(fired.queued);
  }
  const manager = app.running.app.get(DataSource, { strict: false }).manager;
  return Promise.all(
    due.map(async ({ id }) => ({ timerId: id, status: (await timers.find(manager, id))!.status })),
  );
}
