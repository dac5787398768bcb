import type { EntityManager } from 'typeorm';

/**
 * A job to hand to a queue once the transaction that decided it has committed. The row is
 * the job: its queue (`topic`), name, deterministic id (so relaying twice adds it once), data
 * and the time it should run.
 */
export interface OutboxJob {
  queue: string;
  name: string;
  jobId: string;
  data: Record<string, unknown>;
  runAt?: Date;
  /** BullMQ priority (lower first; unset runs before any prioritized job). */
  priority?: number;
}

/** An outbox row: its id and the job it holds. */
export interface OutboxEntry {
  id: string;
  job: OutboxJob;
}

/** Writes jobs to the outbox in the caller's transaction; after commit, give them to the relay. */
export async function enqueueAfterCommit(
  manager: EntityManager,
  jobs: OutboxJob[],
): Promise<OutboxEntry[]> {
  if (jobs.length === 0) return [];
  const rows = (await manager.query(
    `INSERT INTO outbox (topic, payload)
     SELECT j.topic, j.payload FROM jsonb_to_recordset($1::jsonb) AS j(topic text, payload jsonb)
     RETURNING id, payload ->> 'jobId' AS job_id`,
    [
      JSON.stringify(
        jobs.map((job) => ({
          topic: job.queue,
          payload: {
            name: job.name,
            jobId: job.jobId,
            data: job.data,
            runAt: job.runAt?.toISOString(),
            priority: job.priority,
          },
        })),
      ),
    ],
  )) as { id: string; job_id: string }[];
  const byJobId = new Map(jobs.map((job) => [job.jobId, job]));
  return rows.map((row) => ({ id: row.id, job: byJobId.get(row.job_id)! }));
}
