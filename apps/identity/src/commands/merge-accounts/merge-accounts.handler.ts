import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@roster/contracts';
import { accountAccess, districtAccess, enforce, notFoundError, requireStaff, type Caller, type Principal } from '@roster/authz';
import type { MergeResultBody } from '@roster/internal-api';
import { DomainError } from '@roster/problems';
import { accountState, type Account } from '../../domain/account';
import { decideMerge, sharedRoleGroup } from '../../domain/duplicates';
import { isUuid } from '../../domain/values';
import { IDENTITY_CONTEXT, type IdentityContext } from '../../identity.tokens';
import { DuplicatesRepository } from '../../persistence/duplicates.repository';
import { MergeAccountsRepository } from './merge-accounts.repository';

/**
 * Merge (issue 16): a district admin merges an archived account (typically an old Clever id) into the active
 * account of the same person. Identity makes the source an alias of the target (its Clever id resolves to
 * the target from now on, see the roster consumer) and publishes `identity.account.merged`; classes reacts to
 * that event by moving the source's placements and enrollment history to the target (it owns them).
 *
 * Delivery: the event is written to the outbox in the merge's transaction and keyed by the source account,
 * so it follows the source's own `archived` event in its partition (classes has ended the source's
 * enrollments before it moves them). The target's events travel under another key, so the event carries the
 * target's state and version: classes brings its projection of the target up to that version first. Classes'
 * reaction is idempotent (the inbox dedupes the message; moving is "where student = source", a repeat finds
 * nothing), and a repeated merge request is a no-op here (no second event).
 *
 * Scope: both accounts must exist for the caller (an account of another district is 404
 * IDENTITY.ACCOUNT_NOT_FOUND, as an unknown id) and be of one district (404 as well), the caller must be an
 * admin of their district (403), and the pair must be eligible (domain/duplicates.ts `decideMerge`: 409 with an IDENTITY.MERGE_* code).
 */
@Injectable()
export class MergeAccountsHandler {
  private readonly repository = new MergeAccountsRepository();
  private readonly duplicates = new DuplicatesRepository();

  constructor(@Inject(IDENTITY_CONTEXT) private readonly ctx: IdentityContext) {}

  async execute(caller: Caller, sourceId: string, intoAccountId: string): Promise<MergeResultBody> {
    const principal = requireStaff(caller);
    if (!isUuid(sourceId)) throw notFoundError('account');
    const result = await this.ctx.orm.em.fork().transactional(async (em) => {
      const pair = await this.repository.lockPair(em, [...new Set([sourceId, intoAccountId])]);
      const source = visible(principal, pair.get(sourceId));
      const target = visible(principal, pair.get(intoAccountId));
      // Not left to the scope checks above (a user is in one district): a caller whose scope spans districts
      // must not merge across them either. The target does not exist for this source: the unknown id's 404.
      if (source.districtId !== target.districtId) throw notFoundError('account');
      enforce(districtAccess(principal, source.districtId, 'admin'));
      const decision = decideMerge(source, target);
      if (decision.kind === 'refused') throw new DomainError(decision.refusal.kind, decision.refusal.code, decision.refusal.detail);
      if (decision.kind === 'already_merged') {
        return { source, target, mergedAt: pair.get(sourceId)!.mergedAt!, alreadyMerged: true };
      }
      const { version, mergedAt } = await this.repository.markMerged(em, source, target.accountId, `user:${principal.accountId}`);
      await this.duplicates.forget(em, source.accountId);
      await this.ctx.outbox.add(em, Events.accountMerged, {
        id: `${source.accountId}:v${version}`,
        subject: source.accountId,
        districtId: source.districtId,
        version,
        data: {
          sourceAccountId: source.accountId,
          intoAccountId: target.accountId,
          districtId: source.districtId,
          roleGroup: decision.roleGroup,
          actor: { type: 'user', id: principal.accountId },
          mergedAt,
          into: accountState(target),
          intoVersion: target.version,
        },
      });
      return { source, target, mergedAt, alreadyMerged: false };
    });
    if (!result.alreadyMerged) {
      this.ctx.metrics?.accountsMerged.inc();
      // Ids only: never names or identifiers.
      this.ctx.logger.info({ sourceAccountId: result.source.accountId, intoAccountId: result.target.accountId, by: principal.accountId }, 'accounts merged');
    }
    return {
      sourceAccountId: result.source.accountId,
      intoAccountId: result.target.accountId,
      districtId: result.source.districtId,
      roleGroup: sharedRoleGroup(result.source.roles, result.target.roles) ?? 'student',
      mergedAt: result.mergedAt,
      alreadyMerged: result.alreadyMerged,
    };
  }
}

/** An account outside the caller's scope does not exist for them (the same 404 as an unknown id). */
function visible(principal: Principal, account: Account | undefined): Account {
  if (!account) throw notFoundError('account');
  enforce(accountAccess(principal, { districtId: account.districtId, schoolIds: account.schools.map((m) => m.schoolId) }));
  return account;
}
