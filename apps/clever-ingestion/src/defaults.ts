/** Defaults of the settings ARCHITECTURE.md §5 names (shared by config.ts and service.ts). */
export const DEFAULT_EVENTS_POLL_INTERVAL_MS = 60_000;
export const DEFAULT_FULL_SYNC_CRON = '0 3 * * *';
/** A connected district missing from token discovery this long is disconnected (`token_missing`). */
export const DEFAULT_TOKEN_MISSING_GRACE_MS = 3_600_000;
