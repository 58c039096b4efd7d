/**
 * Is the database reachable? The HTTP edge (answers 503 instead of 500) and the background loops (back off
 * instead of logging every tick) share one answer per service, so an outage is one `warn` line when it
 * starts and one `info` line when it ends, however many requests and ticks meet it.
 */

/**
 * SQLSTATEs of a server that cannot be reached or is going away: class 08 (connection exception), 57P01
 * admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, recovering).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);
/** Socket-level failures (Node's error codes). */
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
/** MikroORM's driver exception for a lost connection. */
const UNAVAILABLE_NAMES = new Set(['ConnectionException']);
/** pg and pg-pool failures that carry no code (a dropped socket, an exhausted connect timeout). */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection is closed|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|connect ECONNREFUSED/i;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  previous?: unknown;
  errors?: unknown;
}

/** The error, then what it wraps (`cause`, MikroORM's `previous`, an AggregateError's `errors`). */
function* chain(error: unknown, depth = 0): Generator<ErrorLike> {
  const e = error as ErrorLike | undefined;
  if (!e || typeof e !== 'object' || depth > 8) return;
  yield e;
  if (Array.isArray(e.errors)) for (const inner of e.errors) yield* chain(inner, depth + 1);
  yield* chain(e.cause ?? e.previous, depth + 1);
}

function says(e: ErrorLike): boolean {
  const code = typeof e.code === 'string' ? e.code : '';
  if (UNAVAILABLE_SQLSTATES.has(code) || (code.length === 5 && code.startsWith('08'))) return true;
  if (UNAVAILABLE_ERRNOS.has(code)) return true;
  if (typeof e.name === 'string' && UNAVAILABLE_NAMES.has(e.name)) return true;
  return typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message);
}

/**
 * True when `error` (or what it wraps) says the database cannot be reached: connection refused, reset or
 * terminated, the server shutting down or starting up, a pool that could not get a connection in time.
 * A query that reached the server and failed (a constraint, a syntax error, a deadlock) is not.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of chain(error)) if (says(e)) return true;
  return false;
}

export interface AvailabilityLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface DatabaseAvailabilityOptions {
  logger: AvailabilityLogger;
  /** A cheap statement (`select 1`) tried while the database is down, to notice it is back without traffic. */
  probe?: () => Promise<unknown>;
  /** First delay between probes (doubles up to `maxProbeIntervalMs`); default 1 s. */
  probeIntervalMs?: number;
  maxProbeIntervalMs?: number;
  now?: () => number;
}

/** Seconds a client is asked to wait (`Retry-After`) while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The database's reachability as one of two states, shared by a service's HTTP edge and its background
 * loops. `reportFailure` with an unavailability error marks it down (one `warn` line: since when, why) and
 * starts probing; a probe or any caller's `reportSuccess` marks it up (one `info` line: for how long).
 */
export class DatabaseAvailability {
  private down = false;
  private downSinceMs = 0;
  private probeTimer: NodeJS.Timeout | undefined;
  private probeDelayMs: number;
  private closed = false;

  constructor(private readonly options: DatabaseAvailabilityOptions) {
    this.probeDelayMs = options.probeIntervalMs ?? 1000;
  }

  get available(): boolean {
    return !this.down;
  }

  /** When the current outage started (undefined while the database is reachable). */
  get downSince(): Date | undefined {
    return this.down ? new Date(this.downSinceMs) : undefined;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /**
   * A database call failed: true (and the state is down) when the error says the database is unreachable;
   * false for any other failure, which the caller handles as before.
   */
  reportFailure(error: unknown): boolean {
    if (!isDatabaseUnavailable(error)) return false;
    if (!this.down) {
      this.down = true;
      this.downSinceMs = this.now();
      const since = new Date(this.downSinceMs).toISOString();
      this.options.logger.warn({ database: 'unreachable', since, reason: reasonOf(error) }, `database unreachable since ${since}`);
      this.probeDelayMs = this.options.probeIntervalMs ?? 1000;
      this.scheduleProbe();
    }
    return true;
  }

  /** A database call succeeded. */
  reportSuccess(): void {
    if (!this.down) return;
    this.down = false;
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    const downForMs = this.now() - this.downSinceMs;
    this.options.logger.info({ database: 'reachable', downForMs }, `database reachable again after ${(downForMs / 1000).toFixed(1)} s`);
  }

  /** Stops probing (service shutdown). */
  close(): void {
    this.closed = true;
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
  }

  private scheduleProbe(): void {
    const { probe } = this.options;
    if (!probe || this.closed || this.probeTimer) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      probe().then(
        () => this.reportSuccess(),
        () => {
          if (!this.down) return;
          this.probeDelayMs = Math.min(this.probeDelayMs * 2, this.options.maxProbeIntervalMs ?? 15_000);
          this.scheduleProbe();
        },
      );
    }, this.probeDelayMs);
    this.probeTimer.unref();
  }
}

/** The first line of the innermost message: enough to say why, never a connection string. */
function reasonOf(error: unknown): string {
  let reason = '';
  for (const e of chain(error)) {
    const code = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message.split('\n')[0] : '';
    if (code || message) reason = [code, message].filter(Boolean).join(' ');
  }
  return reason.replace(/postgres(ql)?:\/\/\S+/gi, 'postgres://…').slice(0, 300);
}
