import { z } from 'zod';

/**
 * Small value helpers shared by the domain rules (no framework imports).
 */

/** Trims a text; blank or missing becomes undefined (Clever often sends "" for "not set"). */
export function clean(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** JSON with object keys sorted at every depth and undefined members dropped: a canonical form for comparisons. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = sortKeys(member);
    }
    return out;
  }
  return value;
}

/** Deep equality of JSON-like values (key order and undefined members ignored). */
function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The names of `fields` whose values differ between `a` and `b` (in `fields` order). */
export function changedFields<T extends object>(a: T, b: T, fields: readonly (keyof T & string)[]): string[] {
  return fields.filter((f) => !sameValue(a[f], b[f]));
}

/** Copies an object without its undefined members (so optional fields are absent, not `undefined`). */
export function compact<T extends object>(value: T): T {
  const out = {} as T;
  for (const [k, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
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
