import { ContractError } from '@roster/contracts';
import { DomainError, ProblemError } from '@roster/problems';

/**
 * How a consumer treats a failed message (ADR 0007):
 * - `non-retriable`: the message itself is wrong (it does not parse, fails validation, breaks a domain
 *   rule as `invalid`, or its handler says so); another attempt gives the same answer → dead letter at once.
 * - `transient`: the infrastructure failed (PostgreSQL unreachable, restarting, a serialization failure or
 *   deadlock); the message is fine → retried with backoff for as long as it takes, never counted as poison.
 * - `retriable`: anything else → retried, counted, dead-lettered after N attempts.
 */
export type FailureKind = 'non-retriable' | 'transient' | 'retriable';

/** Marks an error as non-retriable: the inbox dead-letters the message at its first failure. */
export class NonRetriableError extends Error {
  readonly nonRetriable = true;
  constructor(
    message: string,
    readonly code = 'NON_RETRIABLE',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NonRetriableError';
  }
}

/**
 * SQLSTATEs of a database that is unreachable or restarting (class 08 connection exceptions, 57P01-57P03
 * shutdown / cannot connect now, 53300 too many connections) or of a transaction that lost a race
 * (40001 serialization failure, 40P01 deadlock, 55P03 lock not available).
 */
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01', '55P03']);
/** Socket-level failures (Node's error codes). */
const TRANSIENT_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
/** MikroORM's driver exceptions for the same cases. */
const TRANSIENT_NAMES = new Set(['ConnectionException', 'DeadlockException', 'LockWaitTimeoutException']);
/** pg and pool messages that carry no code. */
const TRANSIENT_MESSAGES =
  /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)|Connection refused/i;

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  nonRetriable?: unknown;
  cause?: unknown;
  previous?: unknown;
}

function* chain(error: unknown): Generator<ErrorLike> {
  let e = error as ErrorLike | undefined;
  for (let depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    yield e;
    e = (e.cause ?? e.previous) as ErrorLike | undefined;
  }
}

function isTransient(e: ErrorLike): boolean {
  const code = typeof e.code === 'string' ? e.code : '';
  if (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08') && code.length === 5) return true;
  if (TRANSIENT_ERRNOS.has(code)) return true;
  if (typeof e.name === 'string' && TRANSIENT_NAMES.has(e.name)) return true;
  return typeof e.message === 'string' && TRANSIENT_MESSAGES.test(e.message);
}

function isNonRetriable(e: ErrorLike): boolean {
  if (e.nonRetriable === true) return true;
  if (e instanceof ContractError || e instanceof SyntaxError) return true;
  // zod 4's errors (ZodError, $ZodError) by name: the handler may use its own copy of zod.
  if (e.name === 'ZodError' || e.name === '$ZodError') return true;
  if (e instanceof DomainError) return e.kind === 'invalid';
  // parseInput's VALIDATION_FAILED (a ProblemError 400): the event's data does not satisfy the handler.
  if (e instanceof ProblemError) return e.status === 400 || e.status === 422;
  return false;
}

/** Classifies a handler's failure; the first error in the cause chain that says something decides. */
export function classifyFailure(error: unknown): FailureKind {
  for (const e of chain(error)) {
    if (isTransient(e)) return 'transient';
    if (isNonRetriable(e)) return 'non-retriable';
  }
  return 'retriable';
}
