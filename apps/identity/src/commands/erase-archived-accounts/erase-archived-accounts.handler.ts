import { Inject, Injectable } from '@nestjs/common';
import { Events } from '@roster/contracts';
import type { OutboxItem } from '@roster/messaging';
import { IDENTITY_CONTEXT, type IdentityContext } from '../../identity.tokens';
import { EraseArchivedAccountsRepository } from './erase-archived-accounts.repository';

const BATCH = 500;

/**
 * The retention job (issue 16), run on a schedule (service.ts, IDENTITY_RETENTION_INTERVAL_MS): accounts
 * archived longer than their district's `archivedRetentionDays` have their personal fields erased, and
 * `identity.account.erased` tells the other services to erase theirs (classes erases its projection and
 * writes the audit entry). Batches of 500, each in its own transaction with its events (outbox).
 *
 * Idempotent: an erased account is not due again until it is restored and archived again, so a second run
 * (or a second replica, `skip locked`) finds nothing. The clock is injected (IdentityContext.clock) so tests
 * can advance it.
 */
@Injectable()
export class EraseArchivedAccountsHandler {
  private readonly repository = new EraseArchivedAccountsRepository();

  constructor(@Inject(IDENTITY_CONTEXT) private readonly ctx: IdentityContext) {}

  async execute(): Promise<{ erased: number }> {
    const now = (this.ctx.clock ?? (() => new Date()))();
    let erased = 0;
    for (;;) {
      const batch = await this.ctx.orm.em.fork().transactional(async (em) => {
        const rows = await this.repository.eraseDue(em, now, BATCH);
        const items = rows.map(
          (r): OutboxItem =>
            ({
              def: Events.accountErased,
              event: {
                id: `${r.id}:v${r.version}`,
                subject: r.id,
                districtId: r.districtId,
                version: r.version,
                data: { accountId: r.id, districtId: r.districtId, archivedAt: new Date(r.archivedAt).toISOString(), erasedAt: now.toISOString(), retentionDays: r.retentionDays },
              },
            }) as OutboxItem,
        );
        if (items.length > 0) await this.ctx.outbox.addMany(em, items);
        return rows;
      });
      erased += batch.length;
      if (batch.length > 0) {
        this.ctx.metrics?.accountsErased.inc(batch.length);
        this.ctx.metrics?.accountsChanged();
        // Ids and counts only.
        this.ctx.logger.info({ erased: batch.length, accountIds: batch.slice(0, 20).map((r) => r.id) }, 'archived accounts erased (retention)');
      }
      if (batch.length < BATCH) break;
    }
    return { erased };
  }
}
