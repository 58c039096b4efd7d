import { Controller, Inject, Req, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { ProblemError, notFound } from '@roster/problems';
import { counter, metricName, type Logger } from '@roster/observability';
import { Endpoint, Input, Auth, defineEndpoint, type AuthContext, type InputOf, type GatewayRequest } from '../../api/endpoint';
import { asPage } from '../../api/helpers';
import {
  cleverCallbackQuery,
  cleverLoginQuery,
  devLoginBody,
  devLoginSchema,
  devUserSchema,
  devUsersQuery,
  noQuery,
  pageSchema,
  tokenSchema,
} from '../../api/schemas';
import { CLEVER_SSO, CleverSignInError, type CleverSso } from '../../auth/clever-sso';
import { presentedCredentials } from '../../auth/gateway-auth.guard';
import { GATEWAY_CALLER, PrincipalResolver, type SignedInUser } from '../../auth/principal-resolver';
import { SessionRevocations } from '../../auth/session-revocations';
import { CodeRedemptions } from '../../domain/code-redemptions';
import { parseCookies, serializeCookie } from '../../domain/cookies';
import { scopeSummary } from '../../domain/scope-summary';
import { SessionTokens, type IssuedSession } from '../../domain/session-tokens';
import { GATEWAY_CONFIG, SESSION_COOKIE, STATE_COOKIE, type GatewayConfig } from '../../gateway-config';
import { path, UPSTREAMS, type Upstreams } from '../../upstream/service-client';
import { devUserListSchema } from '@roster/internal-api';

const TAG = 'Sign-in';

export const devUsers = defineEndpoint({
  method: 'GET',
  path: '/auth/dev-users',
  operationId: 'listDevUsers',
  tag: TAG,
  auth: 'public',
  summary: 'Users to sign in as (AUTH_MODE=dev only; 404 otherwise)',
  description: 'A short list with at least one active user per role and per school, from identity.',
  query: devUsersQuery,
  response: pageSchema(devUserSchema),
  errors: [404],
});

export const devLogin = defineEndpoint({
  method: 'POST',
  path: '/auth/dev-login',
  operationId: 'devLogin',
  tag: TAG,
  auth: 'public',
  summary: 'Sign in as an account without Clever (AUTH_MODE=dev only; 404 otherwise)',
  description: 'Sets the session cookie and returns a bearer token. 404 IDENTITY.ACCOUNT_NOT_FOUND, 403 IDENTITY.ACCOUNT_ARCHIVED.',
  body: devLoginBody,
  response: devLoginSchema,
  errors: [403, 404],
});

export const cleverLogin = defineEndpoint({
  method: 'GET',
  path: '/auth/clever/login',
  operationId: 'cleverLogin',
  tag: TAG,
  auth: 'public',
  summary: 'Start "Log in with Clever": redirects to Clever',
  description: 'Sets a short-lived signed state cookie and redirects (302) to Clever\'s authorize page. 404 when Clever sign-in is not configured.',
  query: cleverLoginQuery,
  redirect: true,
  errors: [404],
});

export const cleverCallback = defineEndpoint({
  method: 'GET',
  path: '/auth/clever/callback',
  operationId: 'cleverCallback',
  tag: TAG,
  auth: 'public',
  summary: 'Clever\'s redirect back: signs the user in and redirects to `/`',
  description:
    'Exchanges the code once, reads `/v3.0/me`, maps the Clever user to the account, sets the session cookie and redirects to `/`. ' +
    'On failure redirects to `/?signInError=<CODE>` (OAUTH_STATE_MISMATCH, OAUTH_DENIED, OAUTH_CODE_REJECTED, CLEVER_UNAVAILABLE, ' +
    'CLEVER_UNEXPECTED_ANSWER, IDENTITY.ACCOUNT_NOT_FOUND, IDENTITY.ACCOUNT_ARCHIVED, SERVICE_UNAVAILABLE, OAUTH_CODE_REPLAYED). ' +
    'A code is redeemed once and bound to the state and state cookie it was redeemed with: the same callback repeated by the same ' +
    'browser (a double click) gets the same session again; the code with another state or cookie is refused (OAUTH_CODE_REPLAYED). ' +
    'A callback without `state` (a launch from the Clever portal) restarts the flow with a state.',
  query: cleverCallbackQuery,
  redirect: true,
  errors: [404, 431],
});

export const issueToken = defineEndpoint({
  method: 'POST',
  path: '/auth/token',
  operationId: 'issueToken',
  tag: TAG,
  auth: 'signed-in',
  credentials: ['session'],
  summary: 'Exchange the session cookie for a bearer token (for API clients)',
  description: '403 GATEWAY.SESSION_REQUIRED when called with a bearer token instead of the session cookie.',
  query: noQuery,
  response: tokenSchema,
  errors: [403],
});

export const logout = defineEndpoint({
  method: 'POST',
  path: '/auth/logout',
  operationId: 'logout',
  tag: TAG,
  auth: 'public',
  summary: 'Sign out: revokes the presented session cookie and bearer token and clears the cookie',
  description:
    'Revokes, for every gateway replica, the session cookie and the bearer token the request presents (valid ones; others are ' +
    'ignored), and clears the cookie. Always 204. Other replicas see the revocation within 5 seconds.',
  query: noQuery,
  status: 204,
});

export const logoutEverywhere = defineEndpoint({
  method: 'POST',
  path: '/auth/logout-everywhere',
  operationId: 'logoutEverywhere',
  tag: TAG,
  auth: 'signed-in',
  summary: 'Sign out everywhere: revokes every session and bearer token of the signed-in account',
  description: 'Every session cookie and bearer token of the account issued up to now stops working (on every replica within 5 seconds); clears the cookie.',
  query: noQuery,
  status: 204,
});

/** Sign-in security events (code replays, state mismatches…), by kind; every kind starts at 0. */
const SECURITY_EVENT_KINDS = ['code_replay', 'state_mismatch', 'state_missing', 'state_stale', 'clever_district_mismatch'] as const;
type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];
const securityEvents = counter(metricName('gateway', 'security_events_total'), 'Sign-in security events (code replay, OAuth state mismatch…).', ['kind']);
for (const kind of SECURITY_EVENT_KINDS) securityEvents.inc({ kind }, 0);

interface CleverSignIn {
  user: SignedInUser;
  session: IssuedSession;
}

@Controller()
export class SignInController {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(UPSTREAMS) private readonly upstreams: Upstreams,
    private readonly tokens: SessionTokens,
    private readonly resolver: PrincipalResolver,
    @Inject(CLEVER_SSO) private readonly clever: CleverSso | null,
    private readonly revocations: SessionRevocations,
  ) {}

  /** Codes this process redeemed, bound to their browser and state (see CodeRedemptions). */
  private readonly redemptions = new CodeRedemptions<CleverSignIn>();

  private get log(): Logger {
    return this.config.logger;
  }

  @Endpoint(devUsers)
  async devUsers(@Input() input: InputOf<typeof devUsers>) {
    this.requireDevMode();
    return asPage(await this.upstreams.identity.get(GATEWAY_CALLER, path`/dev-users`, devUserListSchema, { districtId: input.query.districtId }));
  }

  @Endpoint(devLogin)
  async devLogin(@Input() input: InputOf<typeof devLogin>, @Res({ passthrough: true }) res: ServerResponse) {
    this.requireDevMode();
    const { cleverId, accountId } = input.body;
    const user = cleverId !== undefined ? await this.resolver.byCleverUserId(cleverId) : await this.resolver.byAccountId(accountId!);
    this.startSession(res, user);
    this.log.info({ event: 'auth.dev_login', accountId: user.account.id }, 'dev sign-in');
    return { ...this.tokenAnswer(user.account.id), account: user.account, scope: scopeSummary(user.principal) };
  }

  @Endpoint(cleverLogin)
  cleverLogin(@Input() input: InputOf<typeof cleverLogin>, @Res({ passthrough: true }) res: ServerResponse): void {
    const clever = this.requireClever();
    const { state, cookie } = this.tokens.issueState();
    res.appendHeader(
      'set-cookie',
      serializeCookie(STATE_COOKIE, cookie, { path: this.statePath(), maxAgeSeconds: this.tokens.stateTtlSeconds, secure: this.config.secureCookies }),
    );
    res.setHeader('location', clever.authorizeUrl(this.redirectUri(), state, input.query.districtId));
  }

  @Endpoint(cleverCallback)
  async cleverCallback(
    @Input() input: InputOf<typeof cleverCallback>,
    @Req() req: GatewayRequest,
    @Res({ passthrough: true }) res: ServerResponse,
  ): Promise<void> {
    const clever = this.requireClever();
    const { code, state, error } = input.query;
    const fail = (reason: string) => {
      this.log.warn({ event: 'auth.clever_failed', reason }, 'Clever sign-in failed');
      res.setHeader('location', `${this.config.publicBaseUrl}/?signInError=${encodeURIComponent(reason)}`);
    };
    if (error !== undefined) return fail('OAUTH_DENIED');
    if (!code) return fail('OAUTH_CODE_REJECTED');
    if (state === undefined) {
      // A launch from the Clever portal carries a code but no state: start over with a state of ours
      // (Clever answers at once for a user already signed in there). The unsolicited code is never redeemed.
      res.setHeader('location', `${this.config.publicBaseUrl}/api/v1/auth/clever/login`);
      return;
    }
    const stateCookie = parseCookies(req.headers.cookie)[STATE_COOKIE];
    const stateCheck = this.tokens.checkState(stateCookie, state);
    if (stateCheck !== 'ok') {
      this.securityEvent(stateCheck === 'missing' ? 'state_missing' : stateCheck === 'stale' ? 'state_stale' : 'state_mismatch', req);
      return fail('OAUTH_STATE_MISMATCH');
    }
    res.appendHeader('set-cookie', serializeCookie(STATE_COOKIE, '', { path: this.statePath(), maxAgeSeconds: 0, secure: this.config.secureCookies }));
    const redemption = this.redemptions.redeem(code, state, stateCookie!, () => this.redeem(clever, code));
    if (redemption.replay) {
      this.securityEvent('code_replay', req);
      return fail('OAUTH_CODE_REPLAYED');
    }
    let signedIn: CleverSignIn;
    try {
      signedIn = await redemption.outcome;
    } catch (e) {
      if (e instanceof CleverSignInError) return fail(e.code);
      if (e instanceof ProblemError && e.status < 500) return fail(e.code);
      if (e instanceof ProblemError) return fail('SERVICE_UNAVAILABLE');
      throw e;
    }
    // A repeat from the same browser and state (a double click) gets the same session again, not a second one.
    const { user, session } = signedIn;
    res.appendHeader('set-cookie', serializeCookie(SESSION_COOKIE, session.token, { maxAgeSeconds: session.ttlSeconds, secure: this.config.secureCookies }));
    if (!redemption.repeat) this.log.info({ event: 'auth.clever_login', accountId: user.account.id }, 'Clever sign-in');
    res.setHeader('location', `${this.config.publicBaseUrl}/`);
  }

  /** Redeems a code at Clever and maps its user to the account; the session is issued once per code. */
  private async redeem(clever: CleverSso, code: string): Promise<CleverSignIn> {
    const who = await clever.identify(code, this.redirectUri());
    const user = await this.resolver.byCleverUserId(who.userId);
    if (user.principal.cleverDistrictId !== who.districtId) {
      this.log.error({ event: 'auth.clever_district_mismatch', accountId: user.account.id }, 'Clever district differs from the account\'s');
      securityEvents.inc({ kind: 'clever_district_mismatch' });
      throw new ProblemError(404, 'IDENTITY.ACCOUNT_NOT_FOUND', 'Not found');
    }
    return { user, session: this.tokens.issue('session', user.account.id) };
  }

  private securityEvent(kind: SecurityEventKind, req: GatewayRequest): void {
    securityEvents.inc({ kind });
    this.log.warn({ event: 'security.sign_in', kind, ip: req.ip ?? req.socket?.remoteAddress }, `sign-in refused: ${kind}`);
  }

  @Endpoint(issueToken)
  issueToken(@Auth() auth: AuthContext) {
    if (auth.via !== 'cookie') throw new ProblemError(403, 'GATEWAY.SESSION_REQUIRED', 'Forbidden', 'a bearer token is issued for a browser session only');
    return this.tokenAnswer(auth.account.id);
  }

  @Endpoint(logout)
  async logout(@Req() req: GatewayRequest, @Res({ passthrough: true }) res: ServerResponse): Promise<void> {
    for (const presented of presentedCredentials(req)) {
      const verified = this.tokens.verify(presented.kind, presented.token);
      if (!verified.ok) continue;
      await this.revocations.revoke(verified);
      this.log.info({ event: 'auth.logout', accountId: verified.accountId, via: presented.kind }, 'signed out');
    }
    this.clearSession(res);
  }

  @Endpoint(logoutEverywhere)
  async logoutEverywhere(@Auth() auth: AuthContext, @Res({ passthrough: true }) res: ServerResponse): Promise<void> {
    await this.revocations.revokeAll(auth.account.id);
    this.resolver.forget(auth.account.id);
    this.log.info({ event: 'auth.logout_everywhere', accountId: auth.account.id }, 'signed out everywhere');
    this.clearSession(res);
  }

  private clearSession(res: ServerResponse): void {
    res.appendHeader('set-cookie', serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: this.config.secureCookies }));
  }

  private startSession(res: ServerResponse, user: SignedInUser): void {
    const session = this.tokens.issue('session', user.account.id);
    res.appendHeader('set-cookie', serializeCookie(SESSION_COOKIE, session.token, { maxAgeSeconds: session.ttlSeconds, secure: this.config.secureCookies }));
  }

  private tokenAnswer(accountId: string) {
    const access = this.tokens.issue('access', accountId);
    return { token: access.token, tokenType: 'Bearer' as const, expiresAt: access.expiresAt.toISOString(), expiresIn: access.ttlSeconds };
  }

  private requireDevMode(): void {
    if (this.config.authMode !== 'dev') throw notFound('NOT_FOUND', 'Route');
  }

  private requireClever(): CleverSso {
    if (!this.clever) throw new ProblemError(404, 'GATEWAY.CLEVER_SIGN_IN_DISABLED', 'Not found', 'Clever sign-in is not configured');
    return this.clever;
  }

  private redirectUri(): string {
    return `${this.config.publicBaseUrl}/api/v1/auth/clever/callback`;
  }

  private statePath(): string {
    return `${new URL(this.config.publicBaseUrl).pathname.replace(/\/$/, '')}/api/v1/auth/clever`;
  }
}
