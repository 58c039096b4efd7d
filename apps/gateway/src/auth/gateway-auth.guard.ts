import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { adminApi, enforce } from '@roster/authz';
import { ProblemError } from '@roster/problems';
import { counter, metricName } from '@roster/observability';
import { specOf, type GatewayRequest } from '../api/endpoint';
import { parseCookies, serializeCookie } from '../domain/cookies';
import type { RateLimitDecision } from '../domain/rate-limiter';
import { SessionTokens } from '../domain/session-tokens';
import { GATEWAY_CONFIG, SESSION_COOKIE, type GatewayConfig } from '../gateway-config';
import { PrincipalResolver } from './principal-resolver';
import { RateLimits } from './rate-limits';
import { SessionRevocations } from './session-revocations';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const unauthenticated = (detail: string) => new ProblemError(401, 'UNAUTHENTICATED', 'Sign-in required', detail);

/**
 * Runs before every public endpoint (endpoints without an EndpointSpec — health, metrics, docs — are
 * left alone):
 * 1. refuses a browser request that changes state from another origin (403 ORIGIN_NOT_ALLOWED);
 * 2. reads the credentials: `Authorization: Bearer <token>` or the session cookie; verifies the signature
 *    and expiry (401 UNAUTHENTICATED when required and missing, forged or expired);
 * 3. rate-limits per account (signed in) or per client IP (otherwise): 429 RATE_LIMITED + Retry-After;
 * 4. refuses a session or token revoked by logout or "sign out everywhere" (identity's revocation store,
 *    cached ≤ 5 s: SessionRevocations) → 401;
 * 5. re-resolves the principal from identity (cached a few seconds): an archived or unknown account → 401;
 * 6. students get 403 ACCESS.STUDENT_NO_ACCESS on the admin API (the shared policy's `adminApi`).
 */
@Injectable()
export class GatewayAuthGuard implements CanActivate {
  private readonly refusals = counter(metricName('gateway', 'auth_refusals_total'), 'Requests refused by the gateway before reaching a service.', ['reason']);

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly tokens: SessionTokens,
    private readonly resolver: PrincipalResolver,
    private readonly limits: RateLimits,
    private readonly revocations: SessionRevocations,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const spec = specOf(context.getHandler());
    if (!spec) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<GatewayRequest>();
    const res = http.getResponse<ServerResponse>();
    const auth = spec.auth ?? 'staff';

    this.checkOrigin(req);

    const credentials = this.credentialsOf(req);
    const verified = credentials ? this.tokens.verify(credentials.kind, credentials.token) : undefined;
    if (!verified?.ok) {
      this.limit(res, this.limits.forIp(clientIp(req)));
      if (auth === 'public') return true;
      this.refusals.inc({ reason: 'unauthenticated' });
      if (!credentials) throw this.unauthenticated(res, undefined, 'no session cookie or bearer token');
      throw this.unauthenticated(res, credentials.kind, verified?.reason === 'EXPIRED' ? 'the session or token has expired' : 'the session or token is not valid');
    }

    this.limit(res, this.limits.forAccount(verified.accountId));
    if (auth === 'public') return true;

    if (await this.revocations.isRevoked(verified)) {
      this.refusals.inc({ reason: 'revoked' });
      throw this.unauthenticated(res, credentials!.kind, 'the session or token has been revoked');
    }

    let user;
    try {
      user = await this.resolver.byAccountId(verified.accountId);
    } catch (error) {
      if (error instanceof ProblemError && (error.status === 404 || error.status === 403)) {
        this.refusals.inc({ reason: 'account_inactive' });
        throw this.unauthenticated(res, credentials!.kind, 'the account is no longer active');
      }
      throw error;
    }
    req.auth = { principal: user.principal, account: user.account, via: credentials!.kind === 'session' ? 'cookie' : 'bearer' };
    if (auth === 'staff') {
      const access = adminApi(user.principal);
      if (!access.allowed) this.refusals.inc({ reason: 'student' });
      enforce(access);
    }
    return true;
  }

  /** Bearer header wins over the cookie; a malformed Authorization header counts as bad credentials. */
  private credentialsOf(req: GatewayRequest): Credentials | undefined {
    return presentedCredentials(req)[0];
  }

  /** CSRF defence in depth (the session cookie is SameSite=Lax too): state changes only from our origins. */
  private checkOrigin(req: GatewayRequest): void {
    if (!unsafeMethods.has((req.method ?? 'GET').toUpperCase())) return;
    const origin = first(req.headers.origin);
    if (origin !== undefined) {
      if (this.config.allowedOrigins.includes(origin)) return;
      try {
        if (origin !== 'null' && new URL(origin).host === first(req.headers.host)) return;
      } catch {
        // not a URL: refused below
      }
      this.refusals.inc({ reason: 'origin' });
      throw new ProblemError(403, 'ORIGIN_NOT_ALLOWED', 'Forbidden', 'cross-origin requests may not change state');
    }
    if (first(req.headers['sec-fetch-site']) === 'cross-site') {
      this.refusals.inc({ reason: 'origin' });
      throw new ProblemError(403, 'ORIGIN_NOT_ALLOWED', 'Forbidden', 'cross-site requests may not change state');
    }
  }

  private limit(res: ServerResponse, decision: RateLimitDecision): void {
    if (decision.allowed) return;
    this.refusals.inc({ reason: 'rate_limited' });
    res.setHeader('retry-after', String(decision.retryAfterSeconds));
    throw new ProblemError(429, 'RATE_LIMITED', 'Too many requests', `retry after ${decision.retryAfterSeconds} s`);
  }

  /** 401 with a Bearer challenge; a dead session cookie is cleared so the browser stops sending it. */
  private unauthenticated(res: ServerResponse, kind: 'session' | 'access' | undefined, detail: string): ProblemError {
    res.setHeader('www-authenticate', 'Bearer realm="roster"');
    if (kind === 'session') res.appendHeader('set-cookie', serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: this.config.secureCookies }));
    return unauthenticated(detail);
  }
}

export interface Credentials {
  kind: 'session' | 'access';
  token: string;
}

/**
 * The credentials a request presents, the bearer token (from `Authorization`, malformed → an empty token)
 * first, then the session cookie.
 */
export function presentedCredentials(req: GatewayRequest): Credentials[] {
  const out: Credentials[] = [];
  const header = req.headers.authorization;
  const authorization = Array.isArray(header) ? header[0] : header;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    out.push({ kind: 'access', token: match ? match[1] : '' });
  }
  const session = parseCookies(req.headers.cookie)[SESSION_COOKIE];
  if (session) out.push({ kind: 'session', token: session });
  return out;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function clientIp(req: GatewayRequest): string {
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
}
