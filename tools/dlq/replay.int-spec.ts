import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { MikroORM } from '@mikro-orm/postgresql';
import { envelopeSchema, type Envelope } from '@roster/contracts';
import { createMessagingTablesForTests, InboxConsumer, KafkaMessageBus } from '@roster/messaging';
import { executeStatement, selectRows, sql } from '@roster/persistence';
import { createTestDatabase, createTopics, dropTestDatabase, eventually, testBrokers, TopicCollector, uniqueSuffix } from '@roster/testing';

const repoRoot = resolve(__dirname, '../..');
const widget = z.object({ widgetId: z.string(), name: z.string() });
const parseWidget = (value: string): Envelope => {
  const e = envelopeSchema.parse(JSON.parse(value));
  return { ...e, data: widget.parse(e.data) };
};
const envelope = (id: string) =>
  JSON.stringify({ id, type: 'test.widget.changed', source: 't', subject: id, time: new Date().toISOString(), districtId: 'd', version: 1, data: { widgetId: id, name: id } });

function replay(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(repoRoot, 'tools/scripts/run-ts.cjs'), join(repoRoot, 'tools/dlq/replay.ts'), ...args], {
      // NODE_NO_WARNINGS: kafkajs 2.2.4 schedules a negative timeout on Node 20+ (TimeoutNegativeWarning on
      // stderr), which is not the tool's output.
      env: { ...process.env, KAFKA_BROKERS: testBrokers().join(','), KAFKA_TOPIC_PREFIX: '', NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('npm run dlq:replay (tools/dlq/replay.ts) against real Kafka and PostgreSQL', () => {
  let url: string;
  let orm: MikroORM;
  let bus: KafkaMessageBus;
  const consumers: InboxConsumer[] = [];

  beforeAll(async () => {
    url = await createTestDatabase('dlq_replay');
    orm = await MikroORM.init({ clientUrl: url, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: false });
    await createMessagingTablesForTests(orm.em.fork());
    await executeStatement(orm.em.fork(), sql`create table widget_effect (consumer_group text not null, message_id text not null)`);
    bus = new KafkaMessageBus({ clientId: 'dlq-replay-test', brokers: testBrokers() });
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await bus.close();
    await orm.close(true);
    await dropTestDatabase(url);
  });

  it('refuses bad arguments with one clear line and exit code 2', async () => {
    const missing = await replay([]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe('dlq:replay: --topic <dlq-topic> is required');
    const notDlq = await replay(['--topic', 'identity.accounts.v1']);
    expect(notDlq.code).toBe(2);
    expect(notDlq.stderr).toMatch(/^dlq:replay: --topic must be a dead-letter topic \(ending in \.dlq\), got 'identity\.accounts\.v1'\n/);
    const unknown = await replay(['--topic', 'x.dlq', '--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^dlq:replay: Unknown option '--frobnicate'/);
    const absent = await replay(['--topic', `absent.${uniqueSuffix()}.v1.dlq`]);
    expect(absent.code).toBe(2);
    expect(absent.stderr).toMatch(/^dlq:replay: topic 'absent\.[0-9a-f]+\.v1\.dlq' does not exist\n$/);
  }, 60_000);

  it('poison → DLQ → replay → applied once by the group that dead-lettered it; other groups and a second replay change nothing', async () => {
    const topic = `replay.${uniqueSuffix()}.v1`;
    await createTopics([topic], 3);
    await createTopics([`${topic}.dlq`], 1);
    const groupA = `replay-a-${uniqueSuffix()}`;
    const groupB = `replay-b-${uniqueSuffix()}`;
    let broken = true;
    const start = async (groupId: string, failPoison: () => boolean) => {
      const consumer = new InboxConsumer({
        orm,
        bus,
        groupId,
        topics: [topic],
        parse: parseWidget,
        maxAttempts: 2,
        retryBaseMs: 10,
        handle: async (em, events) => {
          for (const e of events) {
            if (e.id === 'poison' && failPoison()) throw Object.assign(new Error('the account is not there yet'), { code: 'TEST.NOT_YET' });
            await executeStatement(em, sql`insert into widget_effect (consumer_group, message_id) values (${groupId}, ${e.id})`);
          }
        },
      });
      await consumer.start();
      consumers.push(consumer);
    };
    const effects = async (groupId: string) =>
      (await selectRows<{ message_id: string }>(orm.em.fork(), sql`select message_id from widget_effect where consumer_group = ${groupId} order by message_id`)).map((r) => r.message_id);

    await bus.publish([
      { topic, key: 'good', value: envelope('good'), headers: {} },
      { topic, key: 'poison', value: envelope('poison'), headers: { 'x-correlation-id': 'corr-poison' } },
    ]);
    const dlq = await TopicCollector.start([`${topic}.dlq`]);
    await start(groupA, () => broken);
    await start(groupB, () => false);
    await eventually(async () => dlq.messages.length >= 1 && (await effects(groupA)).includes('good') && (await effects(groupB)).length === 2, 60_000, 'the dead letter');
    await dlq.stop();
    expect(dlq.messages.map((m) => m.headers['x-consumer-group'])).toEqual([groupA]);
    expect(await effects(groupA)).toEqual(['good']);

    // The cause is fixed (here: the handler stops failing); an operator looks first, then replays.
    broken = false;
    const dry = await replay(['--topic', `${topic}.dlq`, '--group', groupA, '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`^would replay ${topic.replace(/\./g, '\\.')}\\.dlq\\[0@0\\] → ${topic.replace(/\./g, '\\.')} key=poison id=poison group=${groupA} error=TEST\\.NOT_YET$`, 'm'));
    expect(dry.stdout).toContain('nothing published, no progress committed');
    const other = await replay(['--topic', `${topic}.dlq`, '--group', 'some.other-group', '--dry-run']);
    expect(other.stdout).toContain(`skipped      ${topic}.dlq[0@0]: dead-lettered by ${groupA}, not some.other-group`);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await effects(groupA)).toEqual(['good']);

    const first = await replay(['--topic', `${topic}.dlq`, '--group', groupA]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^replayed {5}\S+\.dlq\[0@0\] → \S+ key=poison id=poison/m);
    expect(first.stdout).toContain(`replayed 1 dead-lettered by ${groupA}, skipped 0 (other groups), 0 not replayable`);
    await eventually(async () => (await effects(groupA)).includes('poison'), 60_000, 'the replayed message to be applied');

    const second = await replay(['--topic', `${topic}.dlq`, '--group', groupA]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('replayed 0');
    // Time for any second delivery to show up: there must be none.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await effects(groupA)).toEqual(['good', 'poison']);
    expect(await effects(groupB)).toEqual(['good', 'poison']);
    const inbox = await selectRows<{ consumer_group: string; dead_lettered: boolean }>(
      orm.em.fork(),
      sql`select consumer_group, dead_lettered_at is not null as dead_lettered from inbox_message where message_id = 'poison' order by consumer_group`,
    );
    expect(inbox).toEqual([
      { consumer_group: groupA, dead_lettered: false },
      { consumer_group: groupB, dead_lettered: false },
    ]);
  }, 180_000);
});
