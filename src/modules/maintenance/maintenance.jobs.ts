/** The maintenance queue: housekeeping that must run once per deployment, not once per process. */
export const MAINTENANCE_QUEUE = 'maintenance';

export const PURGE_IDEMPOTENCY_KEYS = 'purge-idempotency-keys';

/** How long an `Idempotency-Key` answer is remembered. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/**
 * Schedulers of jobs that no longer exist, removed at start so that a deployment upgraded from
 * an earlier version does not run them: `purge-outbox` purged the outbox table, gone since jobs
 * are queued straight after commit (see `AfterCommitJob`).
 */
export const RETIRED_SCHEDULERS = ['purge-outbox'];

/** The daily checkpoint of the anchored history, at 06:00 UTC (midnight in Mexico City). */
export const DAILY_CHECKPOINT = 'audit-daily-checkpoint';
export const DAILY_CHECKPOINT_PATTERN = '0 6 * * *';

/** Looks every minute for plenary meetings that have begun and have no checkpoint yet. */
export const PLENARY_CHECKPOINTS = 'audit-plenary-checkpoints';
export const PLENARY_CHECKPOINTS_EVERY_MS = 60_000;

/** Removes stored document files that never got their row (see `DocumentSweeper`), hourly. */
export const SWEEP_DOCUMENT_FILES = 'sweep-document-files';
export const SWEEP_DOCUMENT_FILES_EVERY_MS = 60 * 60 * 1000;
