/** The maintenance queue: housekeeping that must run once per deployment, not once per process. */
export const MAINTENANCE_QUEUE = 'maintenance';

export const PURGE_IDEMPOTENCY_KEYS = 'purge-idempotency-keys';

/** How long an `Idempotency-Key` answer is remembered. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/** Hourly: outbox rows relayed long ago go; the outbox would otherwise grow for ever. */
export const PURGE_OUTBOX = 'purge-outbox';

/**
 * How long a relayed outbox row is kept (for looking into what a transaction queued); rows
 * not yet relayed are never purged.
 */
export const OUTBOX_RETENTION_DAYS = 7;

/** The daily checkpoint of the anchored history, at 06:00 UTC (midnight in Mexico City). */
export const DAILY_CHECKPOINT = 'audit-daily-checkpoint';
export const DAILY_CHECKPOINT_PATTERN = '0 6 * * *';

/** Looks every minute for plenary meetings that have begun and have no checkpoint yet. */
export const PLENARY_CHECKPOINTS = 'audit-plenary-checkpoints';
export const PLENARY_CHECKPOINTS_EVERY_MS = 60_000;

/** Removes stored document files that never got their row (see `DocumentSweeper`), hourly. */
export const SWEEP_DOCUMENT_FILES = 'sweep-document-files';
export const SWEEP_DOCUMENT_FILES_EVERY_MS = 60 * 60 * 1000;
