import { z } from 'zod';
import { canonicalJson } from '@roster/contracts';

/**
 * Small value helpers shared by the domain rules (no framework imports).
 */

/** Trims a text; blank or missing becomes undefined (Clever often sends "" for "not set"). */
export function clean(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Deep equality of JSON-like values (key order and undefined members ignored). */
function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The names of `fields` whose values differ between `a` and `b` (in `fields` order). */
export function changedFields<T extends object>(a: T, b: T, fields: readonly (keyof T & string)[]): string[] {
  return fields.filter((f) => !sameValue(a[f], b[f]));
}

/** The given fields of an object, without its undefined members. */
export function pick<T extends object, K extends keyof T>(value: T, fields: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const f of fields) if (value[f] !== undefined) out[f] = value[f];
  return out;
}

const uuid = z.uuid();

/** Whether a text is one of our ids (a uuid); anything else names nothing identity holds. */
export function isUuid(value: string): boolean {
  return uuid.safeParse(value).success;
}
