import type { Logger } from '@roster/observability';

export interface CleverSsoSettings {
  oauthBaseUrl: string;
  apiBaseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** Why a Clever sign-in failed (sent to the UI as `/?signInError=<code>`). */
export type CleverSignInFailure = 'OAUTH_CODE_REJECTED' | 'CLEVER_UNAVAILABLE' | 'CLEVER_UNEXPECTED_ANSWER';

export class CleverSignInError extends Error {
  constructor(readonly code: CleverSignInFailure, message: string) {
    super(message);
    this.name = 'CleverSignInError';
  }
}

/** Injection token: the CleverSso, or null when Clever sign-in is not configured. */
export const CLEVER_SSO = Symbol.for('roster.gateway.clever-sso');

export interface CleverIdentity {
  userId: string;
  districtId: string;
}

/**
 * "Log in with Clever" (OAuth 2.0 authorization code; clever-api.md §4.3): the authorize URL, the
 * one-time code exchange at `POST {oauth}/oauth/tokens` (HTTP Basic client credentials), then
 * `GET {api}/v3.0/me` with the SSO token. Nothing is cached here: a code's outcome is kept, bound to
 * the browser and state it was redeemed for, by the callback (domain/code-redemptions.ts), and Clever
 * itself refuses a second redemption of a code.
 */
export class CleverSso {

  constructor(
    private readonly settings: CleverSsoSettings,
    private readonly logger: Logger,
    private readonly timeoutMs = 10_000,
  ) {}

  authorizeUrl(redirectUri: string, state: string, districtId?: string): string {
    const url = new URL('/oauth/authorize', this.settings.oauthBaseUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.settings.clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', state);
    if (districtId) url.searchParams.set('district_id', districtId);
    return url.toString();
  }

  /** The Clever user behind an authorization code. */
  async identify(code: string, redirectUri: string): Promise<CleverIdentity> {
    return this.me(await this.exchange(code, redirectUri));
  }

  private async exchange(code: string, redirectUri: string): Promise<string> {
    const basic = Buffer.from(`${encodeURIComponent(this.settings.clientId)}:${encodeURIComponent(this.settings.clientSecret)}`).toString('base64');
    const res = await this.fetch(new URL('/oauth/tokens', this.settings.oauthBaseUrl), {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ code, grant_type: 'authorization_code', redirect_uri: redirectUri }),
    });
    const body = (await readJson(res)) as { access_token?: unknown } | undefined;
    if (res.status >= 500 || res.status === 429) throw new CleverSignInError('CLEVER_UNAVAILABLE', `token exchange answered ${res.status}`);
    if (res.status !== 200) {
      this.logger.warn({ event: 'clever.code_rejected', status: res.status }, 'Clever refused the authorization code');
      throw new CleverSignInError('OAUTH_CODE_REJECTED', `token exchange answered ${res.status}`);
    }
    if (typeof body?.access_token !== 'string' || !body.access_token) {
      throw new CleverSignInError('CLEVER_UNEXPECTED_ANSWER', 'no access_token in the token answer');
    }
    return body.access_token;
  }

  private async me(accessToken: string): Promise<CleverIdentity> {
    const res = await this.fetch(new URL('/v3.0/me', this.settings.apiBaseUrl), {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    if (res.status >= 500 || res.status === 429) throw new CleverSignInError('CLEVER_UNAVAILABLE', `/me answered ${res.status}`);
    const body = (await readJson(res)) as { type?: unknown; data?: { id?: unknown; district?: unknown; type?: unknown } } | undefined;
    if (res.status !== 200 || !body?.data) throw new CleverSignInError('CLEVER_UNEXPECTED_ANSWER', `/me answered ${res.status}`);
    // A district token says type "district": only a user's SSO token may sign someone in.
    if (body.type === 'district' || body.data.type === 'district') {
      throw new CleverSignInError('CLEVER_UNEXPECTED_ANSWER', '/me is not a user');
    }
    const { id, district } = body.data;
    if (typeof id !== 'string' || !id || typeof district !== 'string' || !district) {
      throw new CleverSignInError('CLEVER_UNEXPECTED_ANSWER', '/me has no user id or district');
    }
    return { userId: id, districtId: district };
  }

  private async fetch(url: URL, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      this.logger.warn({ event: 'clever.unreachable', err: { message: (error as Error).message } }, 'Clever unreachable');
      throw new CleverSignInError('CLEVER_UNAVAILABLE', 'Clever is not reachable');
    }
  }
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return (await res.json()) as unknown;
  } catch {
    return undefined;
  }
}
