import { principalSchema, type Caller, type Principal } from '@roster/authz';
import { ProblemError } from '@roster/problems';
import type { Account } from '../api/schemas';
import { TtlCache } from '../domain/ttl-cache';
import type { ServiceClient } from '../upstream/service-client';

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
    private readonly ttlMs = 5_000,
  ) {
    this.cache = new TtlCache(ttlMs, 20_000);
  }

  byAccountId(accountId: string): Promise<SignedInUser> {
    const cached = this.cache.get(accountId);
    if (cached) return cached;
    const pending = this.lookUp(`/sign-in/account/${encodeURIComponent(accountId)}`);
    this.cache.set(accountId, pending);
    pending.catch((error: unknown) => {
      const definitive = error instanceof ProblemError && (error.status === 404 || error.status === 403);
      if (!definitive) this.cache.delete(accountId);
    });
    return pending;
  }

  /** Sign-in by Clever user id (not cached: it starts a session, which then resolves by account id). */
  async byCleverUserId(cleverUserId: string): Promise<SignedInUser> {
    const user = await this.lookUp(`/sign-in/clever/${encodeURIComponent(cleverUserId)}`);
    this.cache.set(user.account.id, Promise.resolve(user));
    return user;
  }

  forget(accountId: string): void {
    this.cache.delete(accountId);
  }

  private async lookUp(path: string): Promise<SignedInUser> {
    const body = await this.identity.get<{ account?: unknown; principal?: unknown }>(GATEWAY_CALLER, path);
    const principal = principalSchema.safeParse(body?.principal);
    const account = body?.account as Account | undefined;
    if (!principal.success || !account || typeof account !== 'object' || typeof account.id !== 'string') {
      throw new ProblemError(502, 'UPSTREAM_INVALID_RESPONSE', 'Bad gateway', 'identity answered an unexpected sign-in shape');
    }
    return { account, principal: principal.data };
  }
}
