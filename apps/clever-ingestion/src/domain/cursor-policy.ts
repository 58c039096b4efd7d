import { isCursorOlderThan } from '@roster/clever-client';

/** Clever keeps 30 days of events; resync a day early rather than find out from a refused cursor. */
export const CURSOR_MAX_AGE_DAYS = 29;

export function cursorExpired(cursor: string | null, now: number): boolean {
  return cursor !== null && isCursorOlderThan(cursor, CURSOR_MAX_AGE_DAYS, now);
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** Age of an events cursor from its ObjectID time (seconds), or from when it was stored otherwise. */
export function cursorAgeSeconds(cursor: string, storedAt: Date | null, now: number): number {
  const created = OBJECT_ID.test(cursor) ? parseInt(cursor.slice(0, 8), 16) * 1000 : storedAt?.getTime() ?? now;
  return Math.max(0, Math.round((now - created) / 1000));
}
