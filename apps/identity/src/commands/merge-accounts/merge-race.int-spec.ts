import { randomUUID } from 'node:crypto';
import type { Principal } from '@roster/authz';
import type { Envelope } from '@roster/contracts';
import { serviceOutbox } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { migrateDatabase, openDatabase, selectRow, selectRows, sql, type MikroORM } from '@roster/persistence';
import { createTestDatabase, dropTestDatabase } from '@roster/testing';
import { foldAccount } from '../../domain/account';
import { migrations } from '../../migrations';
import { entities } from '../../persistence/entities';
import { cleverId, districtUpserted, schoolUpserted, userRemoved, userUpserted } from '../../testing/roster-events';
import { ConcurrentChangeError, RosterRepository } from '../../consumers/roster/roster.repository';
import { RosterHandler } from '../../consumers/roster/roster.handler';
import { MergeAccountsHandler } from './merge-accounts.handler';

/**
 * A merge and the roster consumer on one account (issue 16, review B2): a roster batch that read the archived
 * source before the merge committed (its old Clever id shared again) must not write over the merge with the
 * version it read: the source would be active and merged at once, and both changes published as `<id>:v<n>`
 * (the outbox keeps the first, silently). Its write is refused (the batch is retried), and the retry applies
 * the event through the alias: the source stays archived and merged, the active target is left as it is.
 */
describe('merge vs. a concurrent roster batch', () => {
  const D = cleverId('d', 32);
  const S = cleverId('s', 32);
  const OLD = cleverId('u', 32);
  const NEW = cleverId('u', 33);
  let url: string;
  let orm: MikroORM;
  const logger = createLogger('identity', { level: 'silent' });
  const handler = new RosterHandler({ outbox: serviceOutbox('identity'), logger });
  const apply = (events: Envelope[]) => orm.em.fork().transactional((em) => handler.execute(em, events));
  const upsert = (cleverUserId: string, version: number) =>
    userUpserted({ cleverUserId, cleverDistrictId: D, name: { first: 'Mae', last: 'Merge' }, roles: { student: { school: S, schools: [S], sisId: 'MR-1' } } }, version);
  const accountRow = (cleverUserId: string) =>
    selectRow<{ id: string; status: string; merged_into_id: string | null; version: number; district_id: string }>(
      orm.em.fork(),
      sql`select id, status, merged_into_id, version, district_id from account where clever_id = ${cleverUserId}`,
    );

  beforeAll(async () => {
    url = await createTestDatabase('identity_merge_race');
    orm = await openDatabase({ url, entities, migrations });
    await migrateDatabase(orm);
    await apply([districtUpserted({ cleverDistrictId: D, name: 'Race' }, 1), schoolUpserted({ cleverSchoolId: S, cleverDistrictId: D, name: 'Lincoln' }, 1), upsert(OLD, 1)]);
    await apply([userRemoved({ cleverUserId: OLD, cleverDistrictId: D, reason: 'unshared' }, 2), upsert(NEW, 1)]);
  });

  afterAll(async () => {
    await orm?.close(true);
    if (url) await dropTestDatabase(url);
  });

  it('refuses the stale write, and the retried batch leaves the source archived and merged', async () => {
    const source = (await accountRow(OLD))!;
    const target = (await accountRow(NEW))!;
    const admin: Principal = { accountId: randomUUID(), districtId: source.district_id, cleverDistrictId: D, roles: ['district_admin'], schools: [] };
    const merge = new MergeAccountsHandler({ orm, outbox: serviceOutbox('identity'), logger });
    const repository = new RosterRepository(() => 'unused');

    await expect(
      orm.em.fork().transactional(async (em) => {
        const read = await repository.loadAccounts(em, [OLD]);
        const archived = read.get(OLD)!;
        expect(archived.mergedIntoId).toBeUndefined();
        // The admin merges the source between this batch's read and its write.
        expect(await merge.execute({ kind: 'user', principal: admin }, source.id, target.id)).toMatchObject({ alreadyMerged: false });
        const restored = foldAccount(archived, [{ kind: 'upserted', cleverUserId: OLD, version: 3, profile: archived, meta: {} }], { newId: () => 'unused', now: new Date().toISOString() });
        expect(restored.account).toMatchObject({ status: 'active', version: archived.version + 1 });
        await repository.saveAccounts(em, [restored.account!], read);
      }),
    ).rejects.toBeInstanceOf(ConcurrentChangeError);

    // The retry reads the source as merged: its Clever id is an alias of the (active) target.
    await apply([upsert(OLD, 3)]);
    expect(await accountRow(OLD)).toMatchObject({ status: 'archived', merged_into_id: target.id, version: source.version + 1 });
    expect(await accountRow(NEW)).toMatchObject({ status: 'active', version: target.version });
    const events = await selectRows<{ id: string; event_type: string }>(
      orm.em.fork(),
      sql`select id, event_type from outbox_message where message_key = ${source.id} order by seq`,
    );
    expect(events.map((e) => e.event_type)).toEqual(['identity.account.created', 'identity.account.archived', 'identity.account.merged']);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });
});
