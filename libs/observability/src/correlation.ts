import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** HTTP header (and Kafka header, set by libs/messaging) carrying the correlation id. */
export const CORRELATION_HEADER = 'x-correlation-id';

interface CorrelationContext {
  readonly correlationId: string;
}

// One store per process, even if this module is loaded twice (the embedded mode runs every service in
// one process; a second copy of the module must still see the same context).
const storeKey = Symbol.for('roster.observability.correlation');
const globalStore = globalThis as unknown as Record<symbol, AsyncLocalStorage<CorrelationContext> | undefined>;
const storage: AsyncLocalStorage<CorrelationContext> = (globalStore[storeKey] ??= new AsyncLocalStorage<CorrelationContext>());

/** A fresh correlation id (a UUID). */
export function newCorrelationId(): string {
  return randomUUID();
}

/** Runs `fn` (and everything it starts, sync or async) with `id` as the current correlation id. */
export function runWithCorrelation<T>(id: string, fn: () => T): T {
  return storage.run({ correlationId: id }, fn);
}

/** The correlation id of the current request or message, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

const acceptable = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * A correlation id received from outside (HTTP or Kafka header) if it is safe to log and echo
 * (1-128 characters of `A-Z a-z 0-9 . _ : @ / + = -`, first value of a repeated header), else undefined.
 */
export function acceptCorrelationId(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : Buffer.isBuffer(value) ? value.toString('utf8') : value;
  return typeof first === 'string' && acceptable.test(first) ? first : undefined;
}
