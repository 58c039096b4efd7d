import { Controller, Inject, Req, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { ProblemError, notFound } from '@roster/problems';
import type { Logger } from '@roster/observability';
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
import { GATEWAY_CALLER, PrincipalResolver, type SignedInUser } from '../../auth/principal-resolver';
import { parseCookies, serializeCookie } from '../../domain/cookies';
import { scopeSummary } from '../../domain/scope-summary';
import { SessionTokens } from '../../domain/session-tokens';
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
    'CLEVER_UNEXPECTED_ANSWER, IDENTITY.ACCOUNT_NOT_FOUND, IDENTITY.ACCOUNT_ARCHIVED, SERVICE_UNAVAILABLE). A callback without `state` (a launch from the ' +
    'Clever portal) restarts the flow with a state.',
  query: cleverCallbackQuery,
  redirect: true,
  errors: [404],
});

export const issueToken = defineEndpoint({
  method: 'POST',
  path: '/auth/token',
  operationId: 'issueToken',
  tag: TAG,
  auth: 'signed-in',
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
  summary: 'Sign out: clears the session cookie',
  description: 'Bearer tokens are stateless: they stay valid until they expire (1 hour by default).',
  query: noQuery,
  status: 204,
});

@Controller()
export class SignInController {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(UPSTREAMS) private readonly upstreams: Upstreams,
    private readonly tokens: SessionTokens,
    private readonly resolver: PrincipalResolver,
    @Inject(CLEVER_SSO) private readonly clever: CleverSso | null,
  ) {}

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
    if (!this.tokens.verifyState(stateCookie, state)) return fail('OAUTH_STATE_MISMATCH');
    res.appendHeader('set-cookie', serializeCookie(STATE_COOKIE, '', { path: this.statePath(), maxAgeSeconds: 0, secure: this.config.secureCookies }));
    let user: SignedInUser;
    try {
      const who = await clever.identify(code, this.redirectUri());
      user = await this.resolver.byCleverUserId(who.userId);
      if (user.principal.cleverDistrictId !== who.districtId) {
        this.log.error({ event: 'auth.clever_district_mismatch', accountId: user.account.id }, 'Clever district differs from the account\'s');
        return fail('IDENTITY.ACCOUNT_NOT_FOUND');
      }
    } catch (e) {
      if (e instanceof CleverSignInError) return fail(e.code);
      if (e instanceof ProblemError && e.status < 500) return fail(e.code);
      if (e instanceof ProblemError) return fail('SERVICE_UNAVAILABLE');
      throw e;
    }
    this.startSession(res, user);
    this.log.info({ event: 'auth.clever_login', accountId: user.account.id }, 'Clever sign-in');
    res.setHeader('location', `${this.config.publicBaseUrl}/`);
  }

  @Endpoint(issueToken)
  issueToken(@Auth() auth: AuthContext) {
    if (auth.via !== 'cookie') throw new ProblemError(403, 'GATEWAY.SESSION_REQUIRED', 'Forbidden', 'a bearer token is issued for a browser session only');
    return this.tokenAnswer(auth.account.id);
  }

  @Endpoint(logout)
  logout(@Res({ passthrough: true }) res: ServerResponse): void {
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
