/** The maintenance queue: housekeeping that must run once per deployment, not once per process. */
export const MAINTENANCE_QUEUE = 'maintenance';

export const PURGE_IDEMPOTENCY_KEYS = 'purge-idempotency-keys';

/** How long an `Idempotency-Key` answer is remembered. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
