const OBJECT_ID = /^[0-9a-f]{24}$/i;
const DAY_MS = 86_400_000;

/** Creation time encoded in a Clever (Mongo ObjectID) id, or undefined when it isn't one. */
export function objectIdTime(id: string): Date | undefined {
  if (!OBJECT_ID.test(id)) return undefined;
  return new Date(parseInt(id.slice(0, 8), 16) * 1000);
}

/**
 * Whether an events cursor is older than `days` (Clever keeps 30 days; checking at 29 leaves a margin
 * to resync before Clever starts refusing the cursor). A cursor that isn't an ObjectID counts as old.
 */
export function isCursorOlderThan(id: string, days: number, now: Date | number = Date.now()): boolean {
  const created = objectIdTime(id);
  if (!created) return true;
  const nowMs = typeof now === 'number' ? now : now.getTime();
  return nowMs - created.getTime() > days * DAY_MS;
}
