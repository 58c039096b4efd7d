import { Injectable } from '@nestjs/common';
import { executeStatement, selectRows, sql, type EntityManager } from '@roster/persistence';

/** Tokens of purged districts (entity: purged-token.entity.ts), by fingerprint. */
@Injectable()
export class PurgedTokensRepository {
  async add(em: EntityManager, fingerprint: string, purgeId: string): Promise<void> {
    await executeStatement(em, sql`insert into purged_token (token_sha256, purge_id) values (${fingerprint}, ${purgeId}::uuid) on conflict (token_sha256) do nothing`);
  }

  /** Which of these fingerprints belong to a purged district. */
  async purged(em: EntityManager, fingerprints: readonly string[]): Promise<Set<string>> {
    if (fingerprints.length === 0) return new Set();
    const rows = await selectRows<{ token_sha256: string }>(em, sql`select token_sha256 from purged_token where token_sha256 = any(${[...fingerprints]}::text[])`);
    return new Set(rows.map((r) => r.token_sha256));
  }
}
