/** The slice of a pino logger that messaging needs; keeps this library free of a logger choice. */
export interface MessagingLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: MessagingLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export function errorInfo(error: unknown): { code: string; message: string } {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown; name?: unknown };
    const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'ERROR';
    return { code, message: typeof e.message === 'string' ? e.message.slice(0, 1000) : String(error) };
  }
  return { code: 'ERROR', message: String(error).slice(0, 1000) };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits `ms` while calling `heartbeat` every `everyMs` (a Kafka consumer that stops heartbeating for its
 * session timeout is thrown out of its group). Stops early when `running()` turns false; heartbeat errors
 * (a rebalance in progress, a lost broker) are left to the consumer's own handling.
 */
export async function sleepWithHeartbeat(ms: number, heartbeat: () => Promise<void>, everyMs: number, running: () => boolean = () => true): Promise<void> {
  const until = Date.now() + ms;
  while (running()) {
    const left = until - Date.now();
    if (left <= 0) return;
    await sleep(Math.min(left, everyMs));
    await heartbeat().catch(() => undefined);
  }
}

/**
 * Runs `fn` while heartbeating every `everyMs`: a slow handler (a large batch, a dead letter's re-read over
 * HTTP) keeps its group membership under a short session timeout; only a dead process stops heartbeating.
 */
export async function whileHeartbeating<T>(fn: () => Promise<T>, heartbeat: () => Promise<void>, everyMs: number): Promise<T> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), everyMs);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

/** Exponential backoff with full jitter, capped. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
