import type { z } from 'zod';
import { ProblemError } from './problem';

/** Every list answers this shape (ARCHITECTURE.md, issue 6). */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Decodes an opaque keyset cursor; anything tampered with is a 400 INVALID_CURSOR, not a 500. */
export function decodeCursor<S extends z.ZodType>(cursor: string | undefined, schema: S): z.infer<S> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString()));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  throw new ProblemError(400, 'INVALID_CURSOR', 'The cursor is not valid');
}

/** Builds a page from `limit + 1` fetched rows: the extra row only says that more exist. */
export function pageOf<Row, T>(rows: Row[], limit: number, map: (row: Row) => T, position: (row: Row) => unknown): Page<T> {
  const more = rows.length > limit;
  const visible = more ? rows.slice(0, limit) : rows;
  return { data: visible.map(map), nextCursor: more ? encodeCursor(position(visible[visible.length - 1])) : null };
}
