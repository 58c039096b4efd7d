import { createHash } from 'node:crypto';

/**
 * The text a content hash is computed over: exactly `canonicalJson` of @roster/contracts (object keys sorted at
 * every depth, undefined members dropped, undefined array items as null, holes as nothing — what
 * `Array.prototype.map` + `join` give), so stored hashes stay valid. Written as one string builder without
 * the intermediate arrays: this runs for every record of every sync (the hottest function of a resync's CPU
 * profile), content-hash.spec.ts checks it against canonicalJson.
 */
export function canonicalText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      if (!(i in value)) continue;
      const item: unknown = value[i];
      out += canonicalText(item === undefined ? null : item);
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = obj[key];
    if (member === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(key) + ':' + canonicalText(member);
  }
  return out + '}';
}

/** Content hash of a normalized payload (what the shadow index compares). */
export function contentHash(payload: unknown): string {
  return createHash('sha256').update(canonicalText(payload)).digest('base64url').slice(0, 32);
}
