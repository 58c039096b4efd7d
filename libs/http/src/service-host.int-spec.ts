import { Controller, Get, Post, Body } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { envelopeSchema, type Envelope } from '@roster/contracts';
import { createTestDatabase, dropTestDatabase, eventually } from '@roster/testing';
import { ConsumerGroup, InProcessBus, MESSAGING_TABLES_FOR_TESTS, parseProcessRoles, type InboxContext } from '@roster/messaging';
import { currentCorrelationId } from '@roster/observability';
import { createLogger } from '@roster/observability';
import { Migration } from '@roster/persistence';
import { hostService, type HostedService } from './service-host';
import { parseInput, ProblemError } from '@roster/problems';

class InitialMigration extends Migration {
  override async up(): Promise<void> {
    for (const sql of MESSAGING_TABLES_FOR_TESTS) this.addSql(sql);
  }
}

const applied: { ids: string[]; correlationId: string | undefined; inTransaction: boolean }[] = [];
const attempts = new Map<string, number>();

/** A consumer declared as a Nest handler in the service's module, run by the host's inbox transport. */
@Controller()
class ThingEventsConsumer {
  @ConsumerGroup('demo.things', {
    topics: ['demo.things.v1'],
    maxAttempts: 10,
    retryBaseMs: 10_000,
    parse: (value) => envelopeSchema.parse(JSON.parse(value)) as Envelope,
  })
  async apply(@Payload() events: Envelope[], @Ctx() ctx: InboxContext): Promise<void> {
    for (const e of events) {
      const n = (attempts.get(e.id) ?? 0) + 1;
      attempts.set(e.id, n);
      if (e.subject === 'flaky' && n === 1) throw new Error('first attempt fails');
    }
    applied.push({ ids: events.map((e) => e.id), correlationId: currentCorrelationId(), inTransaction: ctx.em.isInTransaction() });
  }
}

const thingEvent = (id: string, subject = 'thing') =>
  JSON.stringify({ id, type: 'demo.thing.changed', source: 't', subject, time: new Date().toISOString(), districtId: 'd', version: 1, data: {} });

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
      // Service-level tuning applies over what the handler declares (its 10 s backoff would stall the test).
      consumerTuning: { retryBaseMs: 10 },
      module: () => ({ module: class DemoModule {}, controllers: [ThingsController, ThingEventsConsumer] }),
    });
    base = await service.listen(0);
  });

  afterAll(async () => {
    await service.close();
    await bus.close();
    await dropTestDatabase(url);
  });

  it('serves health and metrics on the management port only: the public port answers 404 problem+json', async () => {
    const mgmt = service.managementUrl!;
    expect(mgmt).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mgmt).not.toBe(base);
    expect((await fetch(`${mgmt}/health/live`)).status).toBe(200);
    expect((await fetch(`${mgmt}/health/ready`)).status).toBe(200);
    expect(await (await fetch(`${mgmt}/metrics`)).text()).toContain('roster_outbox');
    for (const path of ['/metrics', '/health/ready', '/health/live']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
    expect((await fetch(`${mgmt}/things/missing`)).status).toBe(404);
  });

  it('serves problem+json errors with stable codes', async () => {
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

  it('runs the module\'s @EventPattern consumers on the inbox transport, with the service-level tuning and correlation ids', async () => {
    expect(service.runtime.transport?.groupIds).toEqual(['demo.things']);
    await bus.publish([
      { topic: 'demo.things.v1', key: 'thing', value: thingEvent('t1'), headers: { 'x-correlation-id': 'corr-1' } },
      { topic: 'demo.things.v1', key: 'thing', value: thingEvent('t1'), headers: {} },
      { topic: 'demo.things.v1', key: 'flaky', value: thingEvent('f1', 'flaky'), headers: {} },
    ]);
    await eventually(async () => applied.flatMap((a) => a.ids).includes('f1'), 10_000, 'the flaky event after one retry');
    expect(applied.flatMap((a) => a.ids).sort()).toEqual(['f1', 't1']);
    expect(applied.every((a) => a.inTransaction)).toBe(true);
    expect(applied.find((a) => a.ids.includes('t1'))?.correlationId).toBe('corr-1');
  });

  it('connects no consumer transport without the consumer role', async () => {
    const apiOnly = await hostService({
      name: 'demo',
      databaseUrl: url,
      database: { migrations: [{ name: 'Initial', class: InitialMigration }] },
      bus,
      logger: createLogger('demo', { level: 'silent' }),
      roles: parseProcessRoles('api'),
      module: () => ({ module: class DemoModule {}, controllers: [ThingsController, ThingEventsConsumer] }),
    });
    expect(apiOnly.runtime.transport).toBeUndefined();
    await apiOnly.close();
  });
});
