/**
 * Typed failures with a stable `code`, so callers (and logs, and other processes) branch on the code
 * rather than on classes or messages. Messages carry statuses, paths and ids — never response bodies,
 * which may hold personal data.
 */
export type CleverErrorCode =
  | 'CLEVER_BAD_REQUEST'
  | 'CLEVER_UNAUTHORIZED'
  | 'CLEVER_FORBIDDEN'
  | 'CLEVER_NOT_FOUND'
  | 'CLEVER_LIMIT_TOO_LARGE'
  | 'CLEVER_NOT_IMPLEMENTED'
  | 'CLEVER_HTTP_ERROR'
  | 'CLEVER_UNAVAILABLE'
  | 'CLEVER_BAD_RESPONSE'
  | 'CLEVER_TOKEN_REVOKED'
  | 'CLEVER_CURSOR_EXPIRED'
  | 'CLEVER_INVALID_CLIENT'
  | 'CLEVER_INVALID_GRANT';

export class CleverError extends Error {
  constructor(
    readonly code: CleverErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

const CODE_BY_STATUS: Record<number, CleverErrorCode> = {
  400: 'CLEVER_BAD_REQUEST',
  401: 'CLEVER_UNAUTHORIZED',
  403: 'CLEVER_FORBIDDEN',
  404: 'CLEVER_NOT_FOUND',
  413: 'CLEVER_LIMIT_TOO_LARGE',
  501: 'CLEVER_NOT_IMPLEMENTED',
};

/** A status Clever answered that is not retried (4xx, 501). */
export class CleverHttpError extends CleverError {
  constructor(
    readonly status: number,
    readonly path: string,
    /** Clever's `message` / OAuth `error` field when the body had one (a short machine string). */
    readonly reason?: string,
  ) {
    super(CODE_BY_STATUS[status] ?? 'CLEVER_HTTP_ERROR', `Clever answered ${status} for ${path}${reason ? ` (${reason})` : ''}`);
  }
}

/** Retries ran out (5xx, 429, timeouts, network errors or broken bodies). */
export class CleverUnavailableError extends CleverError {
  constructor(
    readonly path: string,
    readonly attempts: number,
    /** What the last attempt saw: a status, or 'timeout' / 'network_error' / 'bad_body'. */
    readonly lastOutcome: number | 'timeout' | 'network_error' | 'bad_body',
    options?: { cause?: unknown },
  ) {
    super('CLEVER_UNAVAILABLE', `Clever unavailable for ${path} after ${attempts} attempt(s), last: ${lastOutcome}`, options);
  }
}

/** The district token answers 401 and re-resolving it gave no working token: the district disconnected. */
export class TokenRevokedError extends CleverError {
  constructor(readonly districtId: string) {
    super('CLEVER_TOKEN_REVOKED', `the token for district ${districtId} is revoked or no longer listed`);
  }
}

/** `/events?starting_after=<cursor>` was refused (404/400) or the cursor is past retention: resync fully. */
export class CursorExpiredError extends CleverError {
  constructor(
    readonly cursor: string,
    readonly status?: number,
  ) {
    super('CLEVER_CURSOR_EXPIRED', `events cursor ${cursor} is unknown or expired${status ? ` (${status})` : ''}`);
  }
}

/** The app's client id/secret were refused by /oauth/tokens. */
export class InvalidClientError extends CleverError {
  constructor() {
    super('CLEVER_INVALID_CLIENT', 'Clever refused the client credentials');
  }
}

/** An SSO code was expired, reused or issued for another redirect URI. Start the login again. */
export class InvalidGrantError extends CleverError {
  constructor() {
    super('CLEVER_INVALID_GRANT', 'Clever refused the authorization code (expired, reused or mismatched)');
  }
}

/** A 2xx answer whose shape is not what Clever documents (after retries). */
export class CleverBadResponseError extends CleverError {
  constructor(readonly path: string, detail: string) {
    super('CLEVER_BAD_RESPONSE', `unexpected response shape from ${path}: ${detail}`);
  }
}
