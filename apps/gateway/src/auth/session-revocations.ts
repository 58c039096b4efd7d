import { accountSessionsSchema, sessionRevocationSchema, type AccountSessionsBody } from '@roster/internal-api';
import type { TokenHolder } from '../domain/session-tokens';
import { TtlCache } from '../domain/ttl-cache';
import { path, type ServiceClient } from '../upstream/service-client';
import { GATEWAY_CALLER } from './principal-resolver';

/** The longest time a revocation made through another gateway replica may go unseen by this one. */
export const MAX_REVOCATION_CACHE_MS = 5_000;

/**
 * Sessions that end (issue 13): logout and "sign out everywhere" are written to identity's revocation
 * store (`/internal/v1/sessions/...`, shared by every gateway replica), and every signed-in request
 * checks the account's revocations, cached per account for at most {@link MAX_REVOCATION_CACHE_MS}
 * (a revocation made on this replica is seen at once; on another one within that bound). Failing to
 * reach identity is not cached and refuses the request (503), it never lets a revoked token through.
 */
export class SessionRevocations {
  private readonly cache: TtlCache<string, Promise<AccountSessionsBody>>;

  constructor(
    private readonly identity: ServiceClient,
    ttlMs = MAX_REVOCATION_CACHE_MS,
  ) {
    this.cache = new TtlCache(Math.min(ttlMs, MAX_REVOCATION_CACHE_MS), 20_000);
  }

  /** Whether this session or token was revoked (logout) or issued before its account's cut-off. */
  async isRevoked(holder: TokenHolder): Promise<boolean> {
    const state = await this.of(holder.accountId);
    if (state.revokedSessionIds.includes(holder.sessionId)) return true;
    // The cut-off is identity's clock, issue times the gateway replicas' (kept in step by NTP).
    return state.revokedBefore !== null && holder.issuedAtMs <= Date.parse(state.revokedBefore);
  }

  /** Logout: revokes one session or bearer token until it expires. */
  async revoke(holder: TokenHolder): Promise<void> {
    const body = sessionRevocationSchema.parse({ sessionId: holder.sessionId, accountId: holder.accountId, expiresAt: holder.expiresAt.toISOString() });
    await this.identity.send(GATEWAY_CALLER, 'POST', path`/sessions/revocations`, { body });
    this.cache.delete(holder.accountId);
  }

  /** "Sign out everywhere": every session and token of the account issued up to now. */
  async revokeAll(accountId: string): Promise<void> {
    const state = await this.identity.call(GATEWAY_CALLER, 'POST', path`/sessions/accounts/${accountId}/revoke-all`, accountSessionsSchema);
    this.cache.set(accountId, Promise.resolve(state));
  }

  private of(accountId: string): Promise<AccountSessionsBody> {
    const cached = this.cache.get(accountId);
    if (cached) return cached;
    const pending = this.identity.get(GATEWAY_CALLER, path`/sessions/accounts/${accountId}`, accountSessionsSchema);
    this.cache.set(accountId, pending);
    pending.catch(() => this.cache.delete(accountId));
    return pending;
  }
}
