import { Registry } from 'prom-client';
import { MikroORM } from '@mikro-orm/postgresql';
import { executeStatement, selectRows, sql } from '@roster/persistence';
import { createTestDatabase, dropTestDatabase } from '@roster/testing';
import { createMessagingTablesForTests } from '../testing/messaging-tables';
import { messagingMetrics } from '../metrics';
import { DEFAULT_INBOX_RETENTION_HOURS, InboxPurge, inboxRetentionHoursFromEnv } from './inbox-purge';

describe('inbox purge against real PostgreSQL', () => {
  let url: string;
  let orm: MikroORM;

  beforeAll(async () => {
    url = await createTestDatabase('inbox_purge');
    orm = await MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false });
    await createMessagingTablesForTests(orm.em.fork());
  });

  afterAll(async () => {
    await orm.close(true);
    await dropTestDatabase(url);
  });

  it('deletes inbox rows older than the retention in bounded batches and keeps the recent ones', async () => {
    const em = orm.em.fork();
    // 2,500 rows received 15 days ago, 300 received an hour ago (a dead-lettered one among the old).
    await executeStatement(
      em,
      sql`insert into inbox_message (consumer_group, message_id, topic, partition, "offset", received_at, dead_lettered_at)
          select 'g', 'old-' || n, 't', 0, n, now() - interval '15 days', case when n = 1 then now() - interval '15 days' end
          from generate_series(1, 2500) n`,
    );
    await executeStatement(
      em,
      sql`insert into inbox_message (consumer_group, message_id, topic, partition, "offset", received_at)
          select 'g', 'new-' || n, 't', 0, 10000 + n, now() - interval '1 hour' from generate_series(1, 300) n`,
    );
    await executeStatement(em, sql`insert into inbox_attempt (consumer_group, topic, partition, "offset", attempts, updated_at) values ('g', 't', 0, 1, 3, now() - interval '15 days'), ('g', 't', 0, 10001, 1, now())`);
    const metrics = messagingMetrics(new Registry());
    const purge = new InboxPurge({ orm, service: 'purge-test', retentionMs: DEFAULT_INBOX_RETENTION_HOURS * 3_600_000, batchSize: 1000, metrics });
    // 1,000 rows per statement: 1,000 + 1,000 + 500.
    expect(await purge.purgeOnce()).toEqual({ deleted: 2500, batches: 3 });
    const left = await selectRows<{ kind: string; n: number }>(
      orm.em.fork(),
      sql`select split_part(message_id, '-', 1) as kind, count(*)::int as n from inbox_message group by 1 order by 1`,
    );
    expect(left).toEqual([{ kind: 'new', n: 300 }]);
    const attempts = await selectRows<{ offset: string }>(orm.em.fork(), sql`select "offset"::text as offset from inbox_attempt`);
    expect(attempts).toEqual([{ offset: '10001' }]);
    const { values } = await metrics.inboxPurged.get();
    expect(values.find((v) => v.labels.service === 'purge-test')?.value).toBe(2500);
    // Nothing left to purge: a second run deletes nothing.
    expect(await purge.purgeOnce()).toEqual({ deleted: 0, batches: 1 });
  });

  it('runs periodically once started and stops promptly', async () => {
    await executeStatement(
      orm.em.fork(),
      sql`insert into inbox_message (consumer_group, message_id, topic, partition, "offset", received_at) values ('g2', 'stale', 't', 0, 1, now() - interval '2 hours')`,
    );
    const purge = new InboxPurge({ orm, service: 'purge-loop', retentionMs: 3_600_000, firstDelayMs: 10, intervalMs: 60_000, metrics: messagingMetrics(new Registry()) });
    purge.start();
    for (let i = 0; i < 100; i++) {
      const rows = await selectRows<{ n: number }>(orm.em.fork(), sql`select count(*)::int as n from inbox_message where message_id = 'stale'`);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await purge.stop();
    expect(await selectRows(orm.em.fork(), sql`select 1 from inbox_message where message_id = 'stale'`)).toEqual([]);
  });

  it('reads INBOX_RETENTION_HOURS: 14 days by default, at least a day, a clear error otherwise', () => {
    expect(inboxRetentionHoursFromEnv({})).toBe(336);
    expect(inboxRetentionHoursFromEnv({ INBOX_RETENTION_HOURS: '720' })).toBe(720);
    expect(() => inboxRetentionHoursFromEnv({ INBOX_RETENTION_HOURS: '2' })).toThrow(/INBOX_RETENTION_HOURS must be a whole number of hours, at least 24 .*got '2'/);
    expect(() => inboxRetentionHoursFromEnv({ INBOX_RETENTION_HOURS: 'a week' })).toThrow(/INBOX_RETENTION_HOURS/);
  });
});
