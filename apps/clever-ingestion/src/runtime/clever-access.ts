import { CleverClient, InvalidClientError, TokenRevokedError, type ApiVersion, type CleverDistrictHandle, type RetryPolicy } from '@roster/clever-client';
import type { Logger } from '@roster/observability';
import { parseDistrictTokens, tokenFingerprint, type StaticDistrictToken } from '../domain/district-tokens';
import type { IngestionMetrics } from './ingestion-metrics';

export interface CleverSettings {
  apiBaseUrl: string;
  oauthBaseUrl: string;
  clientId: string;
  clientSecret: string;
  apiVersion: ApiVersion;
  /** `districtId:token,…` (or parsed) for districts without token discovery (testing). */
  districtTokens?: string | StaticDistrictToken[];
  /** Page size of list and event requests (default 10000, Clever's maximum). */
  pageSize?: number;
  requestsPerMinute?: number;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** A configured (static) token that answered 401 is tried again after this delay, doubling up to `maxMs`. */
  staticTokenRetry?: { baseMs?: number; maxMs?: number };
}

/** What one discovery pass found. */
export interface TokenDiscovery {
  /** Districts with a usable token now (discovered or configured). */
  connected: string[];
  /**
   * Districts that Clever's token list named, when the list was read this time; undefined when there is
   * no token discovery (no client credentials) or the list could not be read — then nobody is "missing".
   */
  listed?: ReadonlySet<string>;
}

/** A configured token that answered 401: when to try it again. */
interface StaticRetry {
  token: string;
  attempts: number;
  at: number;
}

/**
 * Clever access for the service: one client (per-token budgets, retries), the district tokens — kept in
 * memory only, found by discovery (`/oauth/tokens?owner_type=district`, client id and secret) and/or
 * given statically — and per-district handles that re-resolve a token on 401. Tokens are never logged.
 */
export class CleverAccess {
  readonly client: CleverClient;
  private readonly tokens = new Map<string, string>();
  private readonly staticTokens: Map<string, string>;
  private readonly revoked = new Set<string>();
  private readonly staticRetries = new Map<string, StaticRetry>();
  private readonly staticRetryBaseMs: number;
  private readonly staticRetryMaxMs: number;
  readonly canDiscover: boolean;

  constructor(
    settings: CleverSettings,
    private readonly logger: Logger,
    metrics: IngestionMetrics,
    private readonly now: () => number = Date.now,
  ) {
    this.staticRetryBaseMs = settings.staticTokenRetry?.baseMs ?? 60_000;
    this.staticRetryMaxMs = settings.staticTokenRetry?.maxMs ?? 3_600_000;
    this.canDiscover = Boolean(settings.clientId && settings.clientSecret);
    const list = typeof settings.districtTokens === 'string' || settings.districtTokens === undefined ? parseDistrictTokens(settings.districtTokens) : settings.districtTokens;
    this.staticTokens = new Map(list.map((t) => [t.districtId, t.accessToken]));
    this.client = new CleverClient({
      apiBaseUrl: settings.apiBaseUrl,
      oauthBaseUrl: settings.oauthBaseUrl,
      apiVersion: settings.apiVersion,
      // The client insists on credentials; without them only static tokens are used (no discovery).
      clientId: settings.clientId || 'unset',
      clientSecret: settings.clientSecret || 'unset',
      pageSize: settings.pageSize,
      requestsPerMinute: settings.requestsPerMinute,
      retry: settings.retry,
      timeoutMs: settings.timeoutMs,
      onRequest: metrics.onRequest,
    });
  }

  /**
   * The districts that currently have a usable token: discovery (when credentials are set) plus the
   * configured ones. A discovered token known to be revoked does not count (no reconnect loop on a dead
   * token); a new one does. A configured token that answered 401 is tried again on a backoff (one cheap
   * request when due) and counts again once Clever accepts it.
   */
  async discover(): Promise<TokenDiscovery> {
    const found = new Map<string, string>();
    for (const [districtId, token] of this.staticTokens) {
      if (await this.staticTokenUsable(districtId, token)) found.set(districtId, token);
    }
    let listed: Set<string> | undefined;
    if (this.canDiscover) {
      try {
        const tokens = await this.client.discoverDistrictTokens();
        listed = new Set(tokens.map((t) => t.districtId));
        for (const t of tokens) found.set(t.districtId, t.accessToken);
      } catch (error) {
        if (error instanceof InvalidClientError) this.logger.error({ err: { code: error.code } }, 'Clever refused the client credentials; token discovery skipped');
        else throw error;
      }
    }
    // A configured token still waiting out its backoff does not count because the token list names it too.
    const waiting = new Set([...this.staticRetries.values()].map((r) => r.token));
    const connected: string[] = [];
    for (const [districtId, token] of found) {
      if (this.revoked.has(token) || waiting.has(token)) continue;
      this.tokens.set(districtId, token);
      connected.push(districtId);
    }
    return { connected, listed };
  }

  /** When the next configured token that answered 401 is due for another try (undefined: none waits). */
  nextStaticRetryAt(): number | undefined {
    let next: number | undefined;
    for (const retry of this.staticRetries.values()) next = next === undefined ? retry.at : Math.min(next, retry.at);
    return next;
  }

  private async staticTokenUsable(districtId: string, token: string): Promise<boolean> {
    const retry = this.staticRetries.get(districtId);
    if (!retry || retry.token !== token) return true;
    if (this.now() < retry.at) return false;
    try {
      // One request with the token alone (no re-resolution): does Clever accept it again?
      await this.client.forDistrict(districtId, token, { resolveToken: async () => null }).get('districts', districtId);
    } catch (error) {
      if (error instanceof TokenRevokedError) retry.attempts++;
      retry.at = this.now() + Math.min(this.staticRetryBaseMs * 2 ** retry.attempts, this.staticRetryMaxMs);
      this.logger.info({ districtId, attempts: retry.attempts, nextTryInMs: retry.at - this.now(), err: { code: (error as { code?: unknown }).code } }, 'configured district token still refused; tried again later');
      return false;
    }
    this.staticRetries.delete(districtId);
    this.logger.info({ districtId }, 'configured district token accepted again');
    return true;
  }

  /** The fingerprint of the district's current token (discovered or configured); undefined without one. */
  fingerprint(districtId: string): string | undefined {
    const token = this.tokens.get(districtId) ?? this.staticTokens.get(districtId);
    return token === undefined ? undefined : tokenFingerprint(token);
  }

  hasToken(districtId: string): boolean {
    return this.tokens.has(districtId);
  }

  /** A handle for one run (it follows token rotations), or undefined without a token. */
  handle(districtId: string): CleverDistrictHandle | undefined {
    const token = this.tokens.get(districtId);
    if (!token) return undefined;
    return this.client.forDistrict(districtId, token, {
      resolveToken: () => this.resolve(districtId),
      onTokenChange: (fresh) => {
        this.tokens.set(districtId, fresh);
        this.logger.info({ districtId }, 'district token rotated');
      },
    });
  }

  private async resolve(districtId: string): Promise<string | null> {
    if (this.canDiscover) {
      try {
        const fresh = await this.client.tokenForDistrict(districtId);
        if (fresh) return fresh;
      } catch (error) {
        if (!(error instanceof InvalidClientError)) throw error;
      }
    }
    return this.staticTokens.get(districtId) ?? null;
  }

  /**
   * The district disconnected: forget its token. A revoked discovered token is never used again (a new one
   * reconnects); a configured token is tried again on a backoff; a token that only went missing from the
   * list may come back as it was.
   */
  forget(districtId: string, reason: 'token_revoked' | 'token_missing' = 'token_revoked'): void {
    const token = this.tokens.get(districtId);
    this.tokens.delete(districtId);
    if (!token || reason !== 'token_revoked') return;
    if (this.staticTokens.get(districtId) === token) this.staticRetries.set(districtId, { token, attempts: 0, at: this.now() + this.staticRetryBaseMs });
    else this.revoked.add(token);
  }
}
