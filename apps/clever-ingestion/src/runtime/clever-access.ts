import { CleverClient, InvalidClientError, type ApiVersion, type CleverDistrictHandle, type RetryPolicy } from '@roster/clever-client';
import type { Logger } from '@roster/observability';
import { parseDistrictTokens, type StaticDistrictToken } from '../domain/district-tokens';
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
  readonly canDiscover: boolean;

  constructor(
    settings: CleverSettings,
    private readonly logger: Logger,
    metrics: IngestionMetrics,
  ) {
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
   * static ones. A token already known to be revoked does not count (no reconnect loop on a dead
   * static token); a new one does.
   */
  async discover(): Promise<string[]> {
    const found = new Map<string, string>();
    for (const [districtId, token] of this.staticTokens) found.set(districtId, token);
    if (this.canDiscover) {
      try {
        for (const t of await this.client.discoverDistrictTokens()) found.set(t.districtId, t.accessToken);
      } catch (error) {
        if (error instanceof InvalidClientError) this.logger.error({ err: { code: error.code } }, 'Clever refused the client credentials; token discovery skipped');
        else throw error;
      }
    }
    const usable: string[] = [];
    for (const [districtId, token] of found) {
      if (this.revoked.has(token)) continue;
      this.tokens.set(districtId, token);
      usable.push(districtId);
    }
    return usable;
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

  /** The district disconnected: forget its token (and never reconnect with that same token). */
  forget(districtId: string): void {
    const token = this.tokens.get(districtId);
    if (token) this.revoked.add(token);
    this.tokens.delete(districtId);
  }
}
