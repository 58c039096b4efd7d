import { Inject, Injectable } from '@nestjs/common';
import { districtAccess, enforce, notFoundError, requireStaff, type Caller } from '@roster/authz';
import type { RetentionSettingsBody } from '@roster/internal-api';
import { invalid } from '@roster/problems';
import { MIN_RETENTION_DAYS } from '../../domain/retention';
import { IDENTITY_CONTEXT, type IdentityContext } from '../../identity.tokens';
import { RetentionSettingsRepository } from './update-retention-settings.repository';

/**
 * The district setting `archivedRetentionDays` (issue 16), district admins only: null (the default) keeps
 * archived accounts; otherwise at least 30 days (IDENTITY.RETENTION_TOO_SHORT, nothing changed). The
 * retention job (commands/erase-archived-accounts) reads it on its next run.
 */
@Injectable()
export class RetentionSettingsHandler {
  private readonly repository = new RetentionSettingsRepository();

  constructor(@Inject(IDENTITY_CONTEXT) private readonly ctx: IdentityContext) {}

  async get(caller: Caller, districtId: string): Promise<RetentionSettingsBody> {
    enforce(districtAccess(requireStaff(caller), districtId, 'admin'));
    const row = await this.repository.read(this.ctx.orm.em.fork(), districtId);
    if (!row) throw notFoundError('district');
    return { districtId, archivedRetentionDays: row.archivedRetentionDays };
  }

  async update(caller: Caller, districtId: string, days: number | null): Promise<RetentionSettingsBody> {
    const principal = requireStaff(caller);
    enforce(districtAccess(principal, districtId, 'admin'));
    if (days !== null && days < MIN_RETENTION_DAYS) {
      throw invalid('IDENTITY.RETENTION_TOO_SHORT', `archivedRetentionDays must be at least ${MIN_RETENTION_DAYS} (or null to keep archived accounts)`, { minimum: MIN_RETENTION_DAYS });
    }
    const row = await this.repository.write(this.ctx.orm.em.fork(), districtId, days);
    if (!row) throw notFoundError('district');
    this.ctx.logger.info({ districtId, archivedRetentionDays: days, by: principal.accountId }, 'archived-account retention changed');
    return { districtId, archivedRetentionDays: row.archivedRetentionDays };
  }
}
