import { Controller, Get, Post, Body } from '@nestjs/common';
import { z } from 'zod';
import { createTestDatabase, dropTestDatabase } from '@roster/testing';
import { InProcessBus, MESSAGING_TABLES_SQL, parseProcessRoles } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { Migration } from '@roster/persistence';
import { hostService, type HostedService } from './service-host';
import { parseInput, ProblemError } from '@roster/problems';

class InitialMigration extends Migration {
  override async up(): Promise<void> {
    for (const sql of MESSAGING_TABLES_SQL) this.addSql(sql);
  }
}

@Controller('things')
class ThingsController {
  @Get('missing')
  missing(): never {
    throw new ProblemError(404, 'THING_NOT_FOUND', 'Thing not found');
  }
  @Post()
  create(@Body() body: unknown) {
    return parseInput(z.object({ name: z.string().min(1) }), body);
  }
}

describe('hostService', () => {
  let url: string;
  let service: HostedService;
  let base: string;
  const bus = new InProcessBus();

  beforeAll(async () => {
    url = await createTestDatabase('host');
    service = await hostService({
      name: 'demo',
      databaseUrl: url,
      database: { migrations: [{ name: 'Initial', class: InitialMigration }] },
      bus,
      logger: createLogger('demo', { level: 'silent' }),
      roles: parseProcessRoles(undefined),
      migrate: true,
      module: () => ({ module: class DemoModule {}, controllers: [ThingsController] }),
    });
    base = await service.listen(0);
  });

  afterAll(async () => {
    await service.close();
    await bus.close();
    await dropTestDatabase(url);
  });

  it('serves health, metrics and problem+json errors with stable codes', async () => {
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('roster_outbox');
    const missing = await fetch(`${base}/things/missing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(await missing.json()).toMatchObject({ code: 'THING_NOT_FOUND', status: 404 });
    const bad = await fetch(`${base}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'MALFORMED_JSON' });
    const invalid = await fetch(`${base}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":""}' });
    expect(await invalid.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const big = await fetch(`${base}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x'.repeat(2_000_000) }) });
    expect(big.status).toBe(413);
  });
});
