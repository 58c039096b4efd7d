/**
 * Two helpers for the JSON values that events carry, used by every service that builds or compares them
 * (one copy instead of one per service).
 */

/**
 * JSON with object keys sorted at every depth and undefined members dropped (undefined array items become
 * null, as JSON.stringify does): the same content always gives the same text. clever-ingestion's content
 * hashes are computed over this text, so its output must never change.
 */
export function canonicalJson(value: unknown): string {
  // One string builder without intermediate arrays: clever-ingestion hashes every record of every sync with it.
  // Byte-identical to the map/join form it replaced (json-values.spec.ts keeps that form as the reference).
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      if (!(i in value)) continue; // a hole: nothing, as map + join gave
      const item: unknown = value[i];
      out += canonicalJson(item === undefined ? null : item);
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of Object.keys(obj).sort()) {
    const member = obj[key];
    if (member === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(key) + ':' + canonicalJson(member);
  }
  return out + '}';
}

/** A copy of an object without its undefined members (optional fields are absent, never `undefined`). */
export function compact<T extends object>(value: T): T {
  const out = {} as T;
  for (const [k, v] of Object.entries(value)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * A timestamp from the database (a Date from an entity, or PostgreSQL's text from a raw row) in the ISO 8601 form
 * every contract uses; null and undefined become null.
 */
export function isoTime(value: Date | string): string;
export function isoTime(value: Date | string | null | undefined): string | null;
export function isoTime(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString();
}
