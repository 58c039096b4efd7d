import type { Envelope } from '@roster/contracts';
import { serviceOutbox } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { executeStatement, migrateDatabase, openDatabase, selectRows, sql, type MikroORM } from '@roster/persistence';
import { createTestDatabase, dropTestDatabase } from '@roster/testing';
import { foldAccount } from '../../domain/account';
import { migrations } from '../../migrations';
import { entities } from '../../persistence/entities';
import { cleverId, districtUpserted, schoolUpserted, userRemoved, userUpserted } from '../../testing/roster-events';
import { ConcurrentChangeError, RosterRepository } from '../../consumers/roster/roster.repository';
import { RosterHandler } from '../../consumers/roster/roster.handler';
import { EraseArchivedAccountsHandler } from './erase-archived-accounts.handler';

/**
 * The retention job and the roster consumer on one account (issue 16): a roster batch that read an archived
 * account before the job erased it must not write over the erasure with the same version (both changes would
 * be published as `<id>:v<n>` and one dropped). Its write is refused (the batch is retried), and the retry
 * restores the account on top of the erasure with the next version.
 */
describe('retention job vs. a concurrent roster batch', () => {
  const D = cleverId('d', 31);
  const S = cleverId('s', 31);
  const U = cleverId('u', 31);
  let url: string;
  let orm: MikroORM;
  const handler = new RosterHandler({ outbox: serviceOutbox('identity'), logger: createLogger('identity', { level: 'silent' }) });
  const apply = (events: Envelope[]) => orm.em.fork().transactional((em) => handler.execute(em, events));
  const upsert = (version: number) =>
    userUpserted({ cleverUserId: U, cleverDistrictId: D, name: { first: 'Rae', last: 'Race' }, roles: { student: { school: S, schools: [S], sisId: 'R-1' } } }, version);

  beforeAll(async () => {
    url = await createTestDatabase('identity_erase_race');
    orm = await openDatabase({ url, entities, migrations });
    await migrateDatabase(orm);
    await apply([districtUpserted({ cleverDistrictId: D, name: 'Race' }, 1), schoolUpserted({ cleverSchoolId: S, cleverDistrictId: D, name: 'Lincoln' }, 1), upsert(1)]);
    await apply([userRemoved({ cleverUserId: U, cleverDistrictId: D, reason: 'unshared' }, 2)]);
    await executeStatement(orm.em.fork(), sql`update district set archived_retention_days = 30`);
  });

  afterAll(async () => {
    await orm?.close(true);
    if (url) await dropTestDatabase(url);
  });

  it('refuses the stale write, and the retried batch restores the account over the erasure', async () => {
    const repository = new RosterRepository(() => 'unused');
    const later = new Date(Date.now() + 31 * 86_400_000);
    await expect(
      orm.em.fork().transactional(async (em) => {
        const archived = (await repository.loadAccounts(em, [U])).get(U)!;
        // The job erases the account between this batch's read and its write.
        const job = new EraseArchivedAccountsHandler({ orm, outbox: serviceOutbox('identity'), logger: createLogger('identity', { level: 'silent' }), clock: () => later });
        expect(await job.execute()).toEqual({ erased: 1 });
        const restored = foldAccount(archived, [{ kind: 'upserted', cleverUserId: U, version: 3, profile: archived, meta: {} }], { newId: () => 'unused', now: new Date().toISOString() });
        await repository.saveAccounts(em, [restored.account!], new Map([[U, archived]]));
      }),
    ).rejects.toBeInstanceOf(ConcurrentChangeError);

    await apply([upsert(3)]);
    const [row] = await selectRows<{ status: string; first_name: string; version: number }>(orm.em.fork(), sql`select status, first_name, version from account where clever_id = ${U}`);
    expect(row).toEqual({ status: 'active', first_name: 'Rae', version: 4 });
    const events = await selectRows<{ id: string; event_type: string }>(orm.em.fork(), sql`select id, event_type from outbox_message where event_type in ('identity.account.erased', 'identity.account.restored') order by seq`);
    expect(events.map((e) => e.event_type)).toEqual(['identity.account.erased', 'identity.account.restored']);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
  });
});
