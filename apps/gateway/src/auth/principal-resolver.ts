import type { Caller, Principal } from '@roster/authz';
import { signInSchema } from '@roster/internal-api';
import { ProblemError } from '@roster/problems';
import type { Account } from '../api/schemas';
import { TtlCache } from '../domain/ttl-cache';
import { path, type ServiceClient, type UpstreamPath } from '../upstream/service-client';

export interface SignedInUser {
  account: Account;
  principal: Principal;
}

export const GATEWAY_CALLER: Caller = { kind: 'system', name: 'gateway' };

/**
 * Who an account is now: identity's sign-in look-ups (`sign-in/account/:id`, `sign-in/clever/:id`),
 * so an archived account loses access within the cache time. Concurrent look-ups of one account share
 * one call; answers (including "not found"/"archived") are reused for `ttlMs`; failures to reach
 * identity are not cached.
 */
export class PrincipalResolver {
  private readonly cache: TtlCache<string, Promise<SignedInUser>>;

  constructor(
    private readonly identity: ServiceClient,
    readonly ttlMs = 5_000,
  ) {
    this.cache = new TtlCache(ttlMs, 20_000);
  }

  byAccountId(accountId: string): Promise<SignedInUser> {
    const cached = this.cache.get(accountId);
    if (cached) return cached;
    const pending = this.lookUp(path`/sign-in/account/${accountId}`);
    this.cache.set(accountId, pending);
    pending.catch((error: unknown) => {
      const definitive = error instanceof ProblemError && (error.status === 404 || error.status === 403);
      if (!definitive) this.cache.delete(accountId);
    });
    return pending;
  }

  /** Sign-in by Clever user id (not cached: it starts a session, which then resolves by account id). */
  async byCleverUserId(cleverUserId: string): Promise<SignedInUser> {
    const user = await this.lookUp(path`/sign-in/clever/${cleverUserId}`);
    this.cache.set(user.account.id, Promise.resolve(user));
    return user;
  }

  forget(accountId: string): void {
    this.cache.delete(accountId);
  }

  /** identity's sign-in answer, checked against its contract (502 UPSTREAM_CONTRACT_VIOLATION otherwise). */
  private async lookUp(to: UpstreamPath): Promise<SignedInUser> {
    return this.identity.get(GATEWAY_CALLER, to, signInSchema);
  }
}
