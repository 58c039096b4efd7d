import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { signToken, verifyToken, TokenError, type TokenFailure } from '@roster/authz';

/**
 * The gateway's own credentials, all signed with SESSION_SECRET (HS256, see @roster/auth signToken) and
 * holding an account id only; the principal is re-resolved from identity on each request.
 *
 * - `session`: the browser session, carried in an HttpOnly cookie;
 * - `access`: a bearer token for API clients (`Authorization: Bearer …`);
 * - `oauth_state`: the short-lived cookie binding a "Log in with Clever" redirect to this browser.
 *
 * Each kind has its own audience, so one can never be replayed as another. Sessions and bearer tokens
 * carry an id (`jti`, a uuid) and their issue time (`iat`) so they can be revoked before they expire
 * (logout, "sign out everywhere": identity's revocation store, see auth/session-revocations.ts); a
 * session or token without them is refused.
 */
export type GatewayTokenKind = 'session' | 'access' | 'oauth_state';

const AUDIENCE: Record<GatewayTokenKind, string> = {
  session: 'roster-session',
  access: 'roster-api',
  oauth_state: 'roster-oauth-state',
};
const ISSUER = 'roster-gateway-auth';
const accountIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface IssuedToken {
  token: string;
  expiresAt: Date;
  ttlSeconds: number;
}

export interface IssuedSession extends IssuedToken {
  /** The token's id (`jti`). */
  sessionId: string;
}

export interface TokenHolder {
  accountId: string;
  /** The token's id (`jti`), what logout revokes. */
  sessionId: string;
  /** Milliseconds since the epoch (`iat_ms`), what "sign out everywhere" compares with. */
  issuedAtMs: number;
  expiresAt: Date;
}

export type VerifiedToken = ({ ok: true } & TokenHolder) | { ok: false; reason: TokenFailure };

export interface SessionTokenOptions {
  sessionTtlSeconds?: number;
  accessTtlSeconds?: number;
  stateTtlSeconds?: number;
  now?: () => number;
}

export class SessionTokens {
  readonly sessionTtlSeconds: number;
  readonly accessTtlSeconds: number;
  readonly stateTtlSeconds: number;
  private readonly now: () => number;

  constructor(
    private readonly secret: string,
    options: SessionTokenOptions = {},
  ) {
    if (secret.length < 16) throw new Error('the session secret must be at least 16 characters');
    this.sessionTtlSeconds = options.sessionTtlSeconds ?? 8 * 3600;
    this.accessTtlSeconds = options.accessTtlSeconds ?? 3600;
    this.stateTtlSeconds = options.stateTtlSeconds ?? 600;
    this.now = options.now ?? Date.now;
  }

  issue(kind: 'session' | 'access', accountId: string): IssuedSession {
    const ttlSeconds = kind === 'session' ? this.sessionTtlSeconds : this.accessTtlSeconds;
    const now = this.now();
    const sessionId = randomUUID();
    // `iat` has a one-second resolution; `iat_ms` lets a sign-in right after "sign out everywhere" count as after it.
    const token = signToken({ sub: accountId, aud: AUDIENCE[kind], iss: ISSUER, jti: sessionId, iat_ms: now }, this.secret, ttlSeconds, now);
    return { token, ttlSeconds, sessionId, expiresAt: new Date((Math.floor(now / 1000) + ttlSeconds) * 1000) };
  }

  verify(kind: 'session' | 'access', token: string): VerifiedToken {
    try {
      const claims = verifyToken(token, this.secret, { audience: AUDIENCE[kind], now: this.now() });
      const { iss, sub, jti, iat, iat_ms: iatMs, exp } = claims;
      if (iss !== ISSUER || typeof sub !== 'string' || !accountIdPattern.test(sub)) return { ok: false, reason: 'MALFORMED' };
      if (typeof jti !== 'string' || !accountIdPattern.test(jti) || typeof iat !== 'number' || typeof exp !== 'number') return { ok: false, reason: 'MALFORMED' };
      // iat_ms must agree with iat (same second); otherwise the token is not one we issued.
      if (typeof iatMs !== 'number' || Math.floor(iatMs / 1000) !== iat) return { ok: false, reason: 'MALFORMED' };
      return { ok: true, accountId: sub.toLowerCase(), sessionId: jti.toLowerCase(), issuedAtMs: iatMs, expiresAt: new Date(exp * 1000) };
    } catch (error) {
      return { ok: false, reason: error instanceof TokenError ? error.reason : 'MALFORMED' };
    }
  }

  /** A fresh OAuth `state` value and the signed cookie value that proves this browser asked for it. */
  issueState(): { state: string; cookie: string } {
    const state = randomBytes(24).toString('base64url');
    const cookie = signToken({ state, aud: AUDIENCE.oauth_state, iss: ISSUER }, this.secret, this.stateTtlSeconds, this.now());
    return { state, cookie };
  }

  /** Whether the `state` Clever sent back is the one in this browser's (unexpired, untampered) cookie. */
  verifyState(cookie: string | undefined, state: string | undefined): boolean {
    return this.checkState(cookie, state) === 'ok';
  }

  /** {@link verifyState} with the reason of a refusal (for the security events). */
  checkState(cookie: string | undefined, state: string | undefined): 'ok' | 'missing' | 'stale' | 'mismatch' {
    if (!cookie || !state) return 'missing';
    try {
      const claims = verifyToken(cookie, this.secret, { audience: AUDIENCE.oauth_state, now: this.now() });
      if (claims.iss !== ISSUER || typeof claims.state !== 'string') return 'mismatch';
      const a = Buffer.from(claims.state);
      const b = Buffer.from(state);
      return a.length === b.length && timingSafeEqual(a, b) ? 'ok' : 'mismatch';
    } catch (error) {
      return error instanceof TokenError && error.reason === 'EXPIRED' ? 'stale' : 'mismatch';
    }
  }
}
