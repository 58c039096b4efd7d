import { Inject, Injectable } from '@nestjs/common';
import { enforce, systemCaller, type Caller } from '@roster/authz';
import type { AccountSessionsBody, SessionRevocationBody } from '@roster/internal-api';
import { invalid } from '@roster/problems';
import { isUuid } from '../domain/values';
import { IDENTITY_CONTEXT, type IdentityContext } from '../identity.tokens';
import { SessionsRepository } from './sessions.repository';

/** Only the gateway (the issuer of sessions and bearer tokens) revokes or reads revocations. */
export const SESSION_CALLERS: readonly string[] = ['gateway'];

/**
 * The revocation store of the gateway's sessions (issue 13, "sessions that end"): logout revokes one
 * session or token, "sign out everywhere" every one of an account issued before now. The gateway checks
 * an account's revocations on each request (cached a few seconds), so every replica sees them.
 */
@Injectable()
export class SessionsHandler {
  constructor(
    @Inject(IDENTITY_CONTEXT) private readonly ctx: IdentityContext,
    private readonly sessions: SessionsRepository,
  ) {}

  async revoke(caller: Caller, input: SessionRevocationBody): Promise<void> {
    enforce(systemCaller(caller, SESSION_CALLERS));
    await this.ctx.orm.em.fork().transactional((em) => this.sessions.revoke(em, input.sessionId, input.accountId, new Date(input.expiresAt)));
    this.ctx.logger.info({ event: 'sessions.revoked', accountId: input.accountId, sessionId: input.sessionId }, 'session revoked');
  }

  async revokeAll(caller: Caller, accountId: string): Promise<AccountSessionsBody> {
    enforce(systemCaller(caller, SESSION_CALLERS));
    requireUuid(accountId);
    const em = this.ctx.orm.em.fork();
    const revokedBefore = await em.transactional((tx) => this.sessions.revokeAllBefore(tx, accountId, new Date()));
    this.ctx.logger.info({ event: 'sessions.revoked_all', accountId }, 'every session of the account revoked');
    return { accountId, revokedBefore: revokedBefore.toISOString(), revokedSessionIds: await this.sessions.revokedIdsOf(em, accountId) };
  }

  async ofAccount(caller: Caller, accountId: string): Promise<AccountSessionsBody> {
    enforce(systemCaller(caller, SESSION_CALLERS));
    requireUuid(accountId);
    const em = this.ctx.orm.em.fork();
    const [cutoff, ids] = await Promise.all([this.sessions.cutoffOf(em, accountId), this.sessions.revokedIdsOf(em, accountId)]);
    return { accountId, revokedBefore: cutoff ? cutoff.toISOString() : null, revokedSessionIds: ids };
  }
}

function requireUuid(accountId: string): void {
  if (!isUuid(accountId)) throw invalid('VALIDATION_FAILED', 'the account id is not a uuid');
}
