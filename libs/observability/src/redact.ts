import { stdSerializers } from 'pino';

/**
 * Keys whose values never reach a log line (ARCHITECTURE.md §6: logs carry ids, never names or emails).
 * Matched exactly, at any depth, in objects and arrays.
 */
export const REDACTED_KEYS: readonly string[] = [
  'name',
  'first',
  'last',
  'middle',
  'preferredName',
  'email',
  'given_name',
  'family_name',
  'dob',
];

export const REDACTED = '[redacted]';
export const REDACTED_EMAIL = '[email]';

const emailPattern = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** `text` with anything shaped like an email address replaced by `[email]`. */
export function redactEmails(text: string): string {
  return text.includes('@') ? text.replace(emailPattern, REDACTED_EMAIL) : text;
}

const MAX_DEPTH = 32;

/**
 * A copy of `value` with every {@link REDACTED_KEYS} value replaced by `[redacted]`, at any depth.
 * Strings anywhere in it have email-shaped substrings replaced by `[email]` (an email inside an error
 * message, say). Copy-on-write: untouched subtrees are shared, the input is never mutated. Errors become pino's
 * standard `{ type, message, stack, ... }` shape first (their own properties are scrubbed too); objects
 * with `toJSON` (dates, entities) are scrubbed as they would serialize; a cycle is printed "[Circular]".
 */
export function redactDeep<T>(value: T, keys: ReadonlySet<string> = defaultKeys): T {
  return walk(value, keys, 0, new Set()) as T;
}

const defaultKeys: ReadonlySet<string> = new Set(REDACTED_KEYS);

function walk(value: unknown, keys: ReadonlySet<string>, depth: number, path: Set<object>): unknown {
  if (typeof value === 'string') return redactEmails(value);
  if (value === null || typeof value !== 'object') return value;
  if (path.has(value)) return '[Circular]';
  if (depth > MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) return walk(stdSerializers.err(value), keys, depth, path);
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const json = toJSON.call(value) as unknown;
    return json === value ? value : walk(json, keys, depth, path);
  }
  path.add(value);
  try {
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const next = walk(value[i], keys, depth + 1, path);
        if (next !== value[i]) (copy ??= value.slice())[i] = next;
      }
      return copy ?? value;
    }
    let copy: Record<string, unknown> | undefined;
    const source = value as Record<string, unknown>;
    for (const key of Object.keys(source)) {
      const current = source[key];
      const next = keys.has(key) ? (current === undefined ? undefined : REDACTED) : walk(current, keys, depth + 1, path);
      if (next !== current) (copy ??= { ...source })[key] = next;
    }
    // A class instance (entity, DTO) is printed as its own enumerable properties, like JSON.stringify.
    if (copy) return copy;
    return value;
  } finally {
    path.delete(value);
  }
}
