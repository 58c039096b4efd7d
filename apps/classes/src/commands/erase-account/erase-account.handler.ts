import type { AccountErased, Envelope } from '@roster/contracts';
import type { Logger } from '@roster/observability';
import type { EntityManager } from '@roster/persistence';
import type { AuditEntry } from '../../persistence/audit-log.entity';
import { AuditRepository } from '../../persistence/audit.repository';
import { EraseAccountRepository } from './erase-account.repository';

/** The actor of erasures under a district's retention setting. */
export const RETENTION_ACTOR = { type: 'system', id: 'retention' } as const;

/**
 * Classes' part of the retention of archived accounts (issue 16), run by the `classes.identity` consumer for
 * `identity.account.erased`: the account's personal fields leave classes' projections (names, grade, sis_id,
 * student_number), its id stays, so enrollments, placements and audit entries keep their link and show
 * "Former student". The erasure is audited (`account.erased`, ids only). Idempotent: version-guarded by
 * identity's version; a replay changes nothing and writes no second audit entry.
 */
export class EraseAccountHandler {
  private readonly repository = new EraseAccountRepository();

  constructor(
    private readonly ctx: { logger: Logger },
    private readonly audit: AuditRepository,
  ) {}

  async execute(em: EntityManager, erased: Envelope<AccountErased>): Promise<boolean> {
    const e = erased.data;
    const name = (await this.repository.isStudent(em, e.accountId)) ? { first: 'Former', last: 'student' } : { first: 'Former', last: 'staff member' };
    const applied = await this.repository.erase(em, e.accountId, erased.version, name);
    if (!applied) return false;
    const entry: AuditEntry = {
      districtId: e.districtId,
      actor: RETENTION_ACTOR,
      action: 'account.erased',
      targetType: 'account',
      targetId: e.accountId,
      details: { archivedAt: e.archivedAt, erasedAt: e.erasedAt, retentionDays: e.retentionDays },
    };
    await this.audit.write(em, [entry]);
    this.ctx.logger.info({ accountId: e.accountId }, 'erased account applied to classes');
    return true;
  }
}
