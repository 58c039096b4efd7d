/**
 * One service of `npm run bench:gateway -- --processes`, in its own process (as in production):
 *
 *   node tools/scripts/run-ts.cjs tools/bench/gateway-service.ts '<json>'
 *
 * `<json>`: `{ "service": "identity" | "classes", "databaseUrl", "secret" }` (the HTTP API only: no consumer,
 * no relay — the benchmark seeded the databases before) or `{ "service": "gateway", "identityUrl",
 * "classesUrl", "secret", "sessionSecret" }`. Prints one line `READY <url>` once listening; SIGTERM closes it.
 * On stdin, `profile-start` and `profile-stop <file>` record a V8 CPU profile of the lines between them
 * (BENCH_PROFILE: the measured runs only, without the start-up).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';
import { InProcessBus } from '@roster/messaging';
import { createLogger } from '@roster/observability';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createIdentityService } from '../../apps/identity/src';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createClassesService } from '../../apps/classes/src';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createGatewayService } from '../../apps/gateway/src';

interface ServiceConfig {
  service: 'identity' | 'classes' | 'gateway';
  secret: string;
  databaseUrl?: string;
  identityUrl?: string;
  classesUrl?: string;
  sessionSecret?: string;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ServiceConfig;
  const logger = createLogger(config.service, { level: 'warn' });
  let service: { listen(port: number): Promise<string>; close(): Promise<void> };
  let bus: InProcessBus | undefined;
  if (config.service === 'gateway') {
    service = await createGatewayService({
      identityUrl: config.identityUrl!,
      classesUrl: config.classesUrl!,
      ingestionUrl: 'http://127.0.0.1:9',
      internalAuthSecret: config.secret,
      sessionSecret: config.sessionSecret!,
      authMode: 'dev',
      publicBaseUrl: 'http://127.0.0.1',
      logger,
      rateLimit: { perMinute: 10_000_000 },
    });
  } else {
    bus = new InProcessBus();
    const common = { bus, internalAuthSecret: config.secret, databaseUrl: config.databaseUrl!, logger, roles: new Set(['api' as const]) };
    service = config.service === 'identity' ? await createIdentityService({ ...common, metricsRefreshMs: 3_600_000 }) : await createClassesService(common);
  }
  const url = await service.listen(0);
  process.stdout.write(`READY ${url}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await service.close().catch(() => undefined);
    await bus?.close().catch(() => undefined);
    process.exit(0);
  };
  const session = new Session();
  createInterface({ input: process.stdin }).on('line', (line) => {
    void (async () => {
      if (line === 'profile-start') {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 500 });
        await session.post('Profiler.start');
      } else if (line.startsWith('profile-stop ')) {
        const { profile } = await session.post('Profiler.stop');
        // Written whole, then renamed: the benchmark waits for the file to exist.
        const file = line.slice('profile-stop '.length);
        writeFileSync(`${file}.tmp`, JSON.stringify(profile));
        renameSync(`${file}.tmp`, file);
        session.disconnect();
      }
    })().catch((error: unknown) => console.error(error));
  });
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
