/** Defaults of the settings ARCHITECTURE.md §5 names (shared by config.ts and service.ts). */
export const DEFAULT_EVENTS_POLL_INTERVAL_MS = 60_000;
export const DEFAULT_FULL_SYNC_CRON = '0 3 * * *';
/** A connected district missing from token discovery this long is disconnected (`token_missing`). */
export const DEFAULT_TOKEN_MISSING_GRACE_MS = 3_600_000;
/**
 * Records per Clever list page (Clever allows up to 10,000). A full sync holds about two parsed pages at a time
 * (one applied, one fetched ahead) plus the page's outbox document: 2,000 keeps that to a few MiB per page, for
 * 5× the requests of 10,000 (100 for 200,000 records, far inside Clever's 1,200 per minute).
 */
export const DEFAULT_CLEVER_PAGE_SIZE = 2_000;
