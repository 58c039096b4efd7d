import { CleverBadResponseError, InvalidClientError, InvalidGrantError } from './errors';
import { CleverDistrictHandle, DistrictHandleOptions, httpError, isItemEnvelope } from './district';
import { CleverClientOptions, ResolvedClientOptions, resolveClientOptions } from './options';
import { resolveUri, nextLink } from './paging';
import { RequestBudget } from './rate-budget';
import { SendResult, Transport } from './transport';
import { CleverLink } from './types';

export interface DistrictToken {
  districtId: string;
  accessToken: string;
}

export interface SsoTokens {
  accessToken: string;
  tokenType: string;
  /** Present when the app is OIDC-enabled. */
  idToken?: string;
}

/** `/me` for an SSO token. Read the roles from `/users/{id}` with the district token. */
export interface CleverMe {
  id: string;
  districtId: string;
  /** Informational ("user", sometimes a role name). */
  type: string;
  authorizedBy?: string;
}

/**
 * A typed, resilient Clever client: district-token discovery, per-district paging and events, SSO.
 * One instance per app (client id); it holds the per-token request budgets.
 */
export class CleverClient {
  /** The resolved settings (the secret is kept out of reach, so logging the client can't leak it). */
  readonly options: Omit<ResolvedClientOptions, 'clientSecret'>;
  readonly #clientSecret: string;
  private readonly transport: Transport;

  constructor(options: CleverClientOptions) {
    const { clientSecret, ...rest } = resolveClientOptions(options);
    this.options = Object.freeze(rest);
    this.#clientSecret = clientSecret;
    const o = this.options;
    this.transport = new Transport({
      fetch: o.fetch,
      sleep: o.sleep,
      now: o.now,
      random: o.random,
      timeoutMs: o.timeoutMs,
      retry: o.retry,
      budget: new RequestBudget(o.requestsPerMinute, o.now, o.sleep),
      onRequest: o.onRequest,
    });
  }

  apiUrl(pathAndQuery: string): string {
    return this.options.apiBaseUrl + pathAndQuery;
  }

  private basicAuth(): string {
    return `Basic ${Buffer.from(`${this.options.clientId}:${this.#clientSecret}`).toString('base64')}`;
  }

  /** @internal used by district handles */
  bearerGet(url: string, token: string, validate: (body: unknown) => boolean): Promise<SendResult> {
    return this.transport.send(url, { headers: { authorization: `Bearer ${token}` }, budgetKey: token, validate });
  }

  // ------------------------------------------------------------------ district tokens

  /** The app's district tokens (`GET /oauth/tokens?owner_type=district[&district=<id>]`, Basic auth). */
  async discoverDistrictTokens(districtId?: string): Promise<DistrictToken[]> {
    const query = new URLSearchParams({ owner_type: 'district' });
    if (districtId) query.set('district', districtId);
    let url: string | undefined = `${this.options.oauthBaseUrl}/oauth/tokens?${query}`;
    const out: DistrictToken[] = [];
    const seen = new Set<string>();
    while (url && !seen.has(url)) {
      seen.add(url);
      const result = await this.transport.send(url, {
        headers: { authorization: this.basicAuth() },
        budgetKey: `client:${this.options.clientId}`,
        validate: isTokenList,
      });
      if (result.status === 401) throw new InvalidClientError();
      if (!result.ok) throw httpError(result, '/oauth/tokens');
      const body = result.body as { data: TokenRecord[]; links?: CleverLink[] };
      for (const t of body.data) {
        const owner = t.owner;
        if (owner?.type !== undefined && owner.type !== 'district') continue;
        if (typeof owner?.id === 'string' && typeof t.access_token === 'string') {
          out.push({ districtId: owner.id, accessToken: t.access_token });
        }
      }
      const next = body.data.length ? nextLink(body.links) : undefined;
      url = next ? resolveUri(this.options.oauthBaseUrl, next) : undefined;
    }
    return districtId ? out.filter((t) => t.districtId === districtId) : out;
  }

  /** The district's current token, or null when it has none (disconnected). */
  async tokenForDistrict(districtId: string): Promise<string | null> {
    const [token] = await this.discoverDistrictTokens(districtId);
    return token?.accessToken ?? null;
  }

  /** Lists, items and events of one district. On 401 the token is re-resolved once (see options). */
  forDistrict(districtId: string, token: string, options: DistrictHandleOptions = {}): CleverDistrictHandle {
    return new CleverDistrictHandle(this, districtId, token, options);
  }

  // ------------------------------------------------------------------ SSO

  /** "Log in with Clever": where to send the browser. */
  authorizeUrl(params: { redirectUri: string; state: string; districtId?: string; scope?: string }): string {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: this.options.clientId,
      redirect_uri: params.redirectUri,
      state: params.state,
    });
    if (params.districtId) query.set('district_id', params.districtId);
    if (params.scope) query.set('scope', params.scope);
    return `${this.options.oauthBaseUrl}/oauth/authorize?${query}`;
  }

  /**
   * Redeems an authorization code — exactly once: codes are single-use and expire after a minute, so
   * a retry after a lost answer would fail anyway (400 invalid_grant → InvalidGrantError; restart the login).
   */
  async exchangeCode(code: string, redirectUri: string): Promise<SsoTokens> {
    const result = await this.transport.send(`${this.options.oauthBaseUrl}/oauth/tokens`, {
      method: 'POST',
      headers: { authorization: this.basicAuth(), 'content-type': 'application/json' },
      body: JSON.stringify({ code, grant_type: 'authorization_code', redirect_uri: redirectUri }),
      budgetKey: `client:${this.options.clientId}`,
      retry: false,
    });
    const body = result.body as { access_token?: unknown; token_type?: unknown; id_token?: unknown; error?: unknown } | undefined;
    if (result.status === 401) throw new InvalidClientError();
    if (result.status === 400 && body?.error === 'invalid_grant') throw new InvalidGrantError();
    if (!result.ok) throw httpError(result, '/oauth/tokens');
    if (typeof body?.access_token !== 'string') throw new CleverBadResponseError('/oauth/tokens', 'no access_token');
    return {
      accessToken: body.access_token,
      tokenType: typeof body.token_type === 'string' ? body.token_type : 'bearer',
      idToken: typeof body.id_token === 'string' ? body.id_token : undefined,
    };
  }

  /** Who an SSO token belongs to (`GET /v3.x/me`). */
  async me(ssoToken: string): Promise<CleverMe> {
    const path = `/${this.options.apiVersion}/me`;
    const result = await this.bearerGet(this.apiUrl(path), ssoToken, isItemEnvelope);
    if (!result.ok) throw httpError(result, path);
    const data = (result.body as { data: Record<string, unknown> }).data;
    if (typeof data.id !== 'string') throw new CleverBadResponseError(path, 'no data.id');
    return {
      id: data.id,
      districtId: typeof data.district === 'string' ? data.district : '',
      type: typeof data.type === 'string' ? data.type : 'user',
      authorizedBy: typeof data.authorized_by === 'string' ? data.authorized_by : undefined,
    };
  }
}

interface TokenRecord {
  owner?: { type?: string; id?: unknown };
  access_token?: unknown;
}

function isTokenList(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Array.isArray((body as { data?: unknown }).data);
}

