import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth: the same content always gives the same text. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => stableStringify(v === undefined ? null : v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

/** Content hash of a normalized payload (what the shadow index compares). */
export function contentHash(payload: unknown): string {
  return createHash('sha256').update(stableStringify(payload)).digest('base64url').slice(0, 32);
}
