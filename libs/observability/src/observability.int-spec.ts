import { Controller, Get, Injectable, Module, Param, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  CORRELATION_HEADER,
  LOGGER,
  NestPinoLogger,
  ObservabilityModule,
  counter,
  createLogger,
  currentCorrelationId,
  startManagementServer,
  type ManagementServer,
  type Logger,
  type ReadinessCheck,
} from './index';

/** A dependency the service owns, whose health the readiness check reports (stands in for Kafka). */
@Injectable()
class FakeBroker {
  connected = false;
  hang = false;
  async ping(signal?: AbortSignal): Promise<void> {
    if (this.hang) {
      await new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    }
    if (!this.connected) throw new Error('broker 127.0.0.1:9092 unreachable (postgres://roster:s3cret@db:5432/x)');
  }
}

@Module({ providers: [FakeBroker], exports: [FakeBroker] })
class BrokerModule {}

const widgetsServed = counter('roster_test_widgets_served_total', 'Widgets served in the test app.', ['kind']);

@Controller('widgets')
class WidgetController {
  constructor(private readonly _unused: FakeBroker) {}

  @Get(':id')
  async get(@Param('id') id: string): Promise<{ id: string; correlationId: string | undefined }> {
    await new Promise((r) => setTimeout(r, 2));
    widgetsServed.inc({ kind: 'blue' });
    return { id, correlationId: currentCorrelationId() };
  }
}

@Module({ imports: [BrokerModule], controllers: [WidgetController] })
class WidgetModule {}

interface Started {
  app: INestApplication;
  url: string;
  /** The management server's URL: /health/* and /metrics. */
  mgmt: string;
  management: ManagementServer;
  broker: FakeBroker;
  logs: Record<string, any>[];
}

async function start(extra: { shutdownDelayMs?: number } = {}): Promise<Started> {
  const logs: Record<string, any>[] = [];
  const logger: Logger = createLogger('widgets', {
    level: 'debug',
    destination: { write: (line: string) => void logs.push(JSON.parse(line)) },
  });
  const database: ReadinessCheck = { name: 'database', check: async () => undefined };
  const moduleRef = await Test.createTestingModule({
    imports: [
      WidgetModule,
      ObservabilityModule.forRootAsync({
        imports: [BrokerModule],
        inject: [FakeBroker],
        useFactory: (broker: FakeBroker) => ({
          service: 'widgets',
          logger,
          readinessTimeoutMs: 250,
          ...extra,
          checks: [database, { name: 'kafka', check: ({ signal } = { signal: new AbortController().signal }) => broker.ping(signal) }],
        }),
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  app.useLogger(app.get(NestPinoLogger));
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const management = await startManagementServer(app, { port: 0, host: '127.0.0.1' });
  return { app, url, mgmt: management.url, management, broker: app.get(FakeBroker), logs };
}

describe('ObservabilityModule (HTTP)', () => {
  let s: Started;
  beforeAll(async () => {
    s = await start();
  });
  afterAll(async () => {
    await s.app.close();
    await s.management.close();
  });

  it('serves /health/* and /metrics on the management port only: the public port answers 404', async () => {
    for (const path of ['/health/live', '/health/ready', '/metrics']) {
      const res = await fetch(`${s.url}${path}`);
      expect(res.status).toBe(404);
      await res.text();
    }
    expect((await fetch(`${s.mgmt}/health/live`)).status).toBe(200);
    const other = await fetch(`${s.mgmt}/widgets/w-1`);
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await fetch(`${s.mgmt}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('GET /health/live is 200 {status: ok} whatever the dependencies', async () => {
    const res = await fetch(`${s.mgmt}/health/live`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /health/ready is 503 naming the failing check (credentials masked), then 200 once it passes', async () => {
    const down = await fetch(`${s.mgmt}/health/ready`);
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await down.json()) as Record<string, any>;
    expect(body.status).toBe('error');
    expect(body.error).toEqual({ kafka: expect.objectContaining({ status: 'down', message: expect.stringContaining('unreachable') }) });
    expect(body.info).toEqual({ database: expect.objectContaining({ status: 'up' }) });
    expect(JSON.stringify(body)).not.toContain('s3cret');
    expect(s.logs).toContainEqual(expect.objectContaining({ level: 'warn', event: 'readiness.not_ready', failing: { kafka: expect.anything() } }));

    s.broker.connected = true;
    const up = await fetch(`${s.mgmt}/health/ready`);
    expect(up.status).toBe(200);
    const upBody = (await up.json()) as Record<string, any>;
    expect(upBody).toEqual(expect.objectContaining({ status: 'ok', error: {} }));
    expect(Object.keys(upBody.info).sort()).toEqual(['database', 'kafka']);
    expect(s.logs).toContainEqual(expect.objectContaining({ level: 'info', event: 'readiness.ready' }));
  });

  it('GET /health/ready fails a check that does not answer within the timeout (and aborts it)', async () => {
    s.broker.connected = true;
    s.broker.hang = true;
    try {
      const started = Date.now();
      const res = await fetch(`${s.mgmt}/health/ready`);
      expect(res.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2000);
      const body = (await res.json()) as Record<string, any>;
      expect(body.error.kafka.message).toMatch(/timeout of 250ms exceeded/);
    } finally {
      s.broker.hang = false;
    }
  });

  it('echoes a valid x-correlation-id, runs the request in its context, logs one line without the query string', async () => {
    const res = await fetch(`${s.url}/widgets/w-1?search=Maria%20Gonzalez&email=mgonzalez%40example.org`, {
      headers: { [CORRELATION_HEADER]: 'req-abc-123' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get(CORRELATION_HEADER)).toBe('req-abc-123');
    expect(await res.json()).toEqual({ id: 'w-1', correlationId: 'req-abc-123' });
    await new Promise((r) => setTimeout(r, 20));
    const line = s.logs.find((l) => l.event === 'http.request' && l.correlationId === 'req-abc-123');
    expect(line).toEqual(
      expect.objectContaining({
        service: 'widgets',
        level: 'info',
        method: 'GET',
        route: '/widgets/:id',
        status: 200,
        durationMs: expect.any(Number),
      }),
    );
    expect(JSON.stringify(s.logs)).not.toMatch(/Maria|Gonzalez|mgonzalez|search=/);
  });

  it('generates a correlation id when none (or an unsafe one) is sent', async () => {
    const none = await fetch(`${s.url}/widgets/w-2`);
    const generated = none.headers.get(CORRELATION_HEADER);
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await none.json()) as { correlationId: string }).correlationId).toBe(generated);

    const unsafe = await fetch(`${s.url}/widgets/w-3`, { headers: { [CORRELATION_HEADER]: 'bad id <script>' } });
    expect(unsafe.headers.get(CORRELATION_HEADER)).toMatch(/^[0-9a-f-]{36}$/);
    await unsafe.text();
  });

  it('logs unmatched routes by a placeholder, never by their URL', async () => {
    const res = await fetch(`${s.url}/students/Jaylen-Brooks`, { headers: { [CORRELATION_HEADER]: 'req-404' } });
    expect(res.status).toBe(404);
    expect(res.headers.get(CORRELATION_HEADER)).toBe('req-404');
    await res.text();
    await new Promise((r) => setTimeout(r, 20));
    expect(s.logs.find((l) => l.correlationId === 'req-404' && l.event === 'http.request')).toEqual(
      expect.objectContaining({ route: '(unmatched)', status: 404 }),
    );
    expect(JSON.stringify(s.logs)).not.toContain('Jaylen');
  });

  it('GET /metrics serves the Prometheus text with app counters, HTTP metrics and Node defaults', async () => {
    await (await fetch(`${s.url}/widgets/w-4`)).text();
    const res = await fetch(`${s.mgmt}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^roster_test_widgets_served_total\{kind="blue"\} [1-9]\d*$/m);
    expect(text).toMatch(/^roster_http_requests_total\{service="widgets",method="GET",route="\/widgets\/:id",status="200"\} [1-9]\d*$/m);
    expect(text).toMatch(/^roster_http_request_duration_seconds_count\{.*route="\/widgets\/:id".*\} [1-9]\d*$/m);
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('provides the logger to the app, and Nest logs as JSON through it', () => {
    expect(s.app.get(LOGGER)).toBeDefined();
    expect(s.logs).toContainEqual(expect.objectContaining({ service: 'widgets', context: 'RoutesResolver' }));
  });
});

describe('ObservabilityModule on shutdown', () => {
  it('reports not ready as soon as shutdown starts, while still serving for shutdownDelayMs', async () => {
    const s = await start({ shutdownDelayMs: 400 });
    s.broker.connected = true;
    expect((await fetch(`${s.mgmt}/health/ready`)).status).toBe(200);
    const closing = s.app.close();
    await new Promise((r) => setTimeout(r, 50));
    const res = await fetch(`${s.mgmt}/health/ready`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as Record<string, any>).error).toEqual({ shutdown: expect.objectContaining({ status: 'down' }) });
    await closing;
    await s.management.close();
  });

  it('forRoot with no checks is ready', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ObservabilityModule.forRoot({ service: 'bare', logger: createLogger('bare', { level: 'silent' }) })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    const management = await startManagementServer(app, { port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${management.url}/health/ready`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    } finally {
      await app.close();
      await management.close();
    }
  });
});
