import { executeStatement, selectRow, selectRows, sql, type EntityManager } from '@roster/persistence';

/**
 * `session_revocation` and `account_session_cutoff` (migration 0003). Both writes are idempotent upserts
 * (`on conflict`), which is why they are SQL through the shared helper rather than entities: a logout
 * repeated by two replicas must not fail on the primary key.
 */
export class SessionsRepository {
  /** Revokes one session or token until it expires; expired revocations of the account are purged. */
  async revoke(em: EntityManager, sessionId: string, accountId: string, expiresAt: Date): Promise<void> {
    await executeStatement(
      em,
      sql`insert into session_revocation (session_id, account_id, expires_at) values (${sessionId}::uuid, ${accountId}::uuid, ${expiresAt.toISOString()}::timestamptz)
          on conflict (session_id) do nothing`,
    );
    await executeStatement(em, sql`delete from session_revocation where account_id = ${accountId}::uuid and expires_at < now()`);
  }

  /** Every session and token of the account issued before `before` is revoked (never moves backwards). */
  async revokeAllBefore(em: EntityManager, accountId: string, before: Date): Promise<Date> {
    const row = await selectRow<{ revokedBefore: Date | string }>(
      em,
      sql`insert into account_session_cutoff (account_id, revoked_before) values (${accountId}::uuid, ${before.toISOString()}::timestamptz)
          on conflict (account_id) do update set revoked_before = greatest(account_session_cutoff.revoked_before, excluded.revoked_before)
          returning revoked_before as "revokedBefore"`,
    );
    return new Date(row!.revokedBefore);
  }

  async cutoffOf(em: EntityManager, accountId: string): Promise<Date | null> {
    const row = await selectRow<{ revokedBefore: Date | string }>(
      em,
      sql`select revoked_before as "revokedBefore" from account_session_cutoff where account_id = ${accountId}::uuid`,
    );
    return row ? new Date(row.revokedBefore) : null;
  }

  async revokedIdsOf(em: EntityManager, accountId: string): Promise<string[]> {
    const rows = await selectRows<{ sessionId: string }>(
      em,
      sql`select session_id as "sessionId" from session_revocation where account_id = ${accountId}::uuid and expires_at >= now() order by session_id`,
    );
    return rows.map((r) => r.sessionId);
  }
}
