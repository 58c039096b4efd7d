import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Events, parseEnvelope } from '@roster/contracts';
import { InProcessBus, type ConsumerHandle } from '@roster/messaging';
import { createLogger, type Logger } from '@roster/observability';
import type { HostedService } from '@roster/http';
// The embedded mode is the one composition root allowed to import the services' entry points (ADR 0004).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createIdentityService } from '../../identity/src';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createClassesService } from '../../classes/src';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createIngestionService } from '../../clever-ingestion/src';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createGatewayService } from '../../gateway/src';
import { createSandbox, type Sandbox } from '@roster/clever-sandbox';
import { startEmbeddedDatabaseServer, type EmbeddedDatabaseServer } from './embedded-postgres';
import { loadOrCreateSecrets } from './secrets';
import type { AuthMode } from './auth-mode';

export interface ExternalClever {
  apiBaseUrl: string;
  oauthBaseUrl: string;
  clientId?: string;
  clientSecret?: string;
  /** `districtId:token,…` instead of token discovery. */
  districtTokens?: string;
  apiVersion?: 'v3.0' | 'v3.1';
}

export interface EmbeddedOptions {
  /** Gateway and admin UI port (default 3000; 0 picks a free one). */
  port?: number;
  host?: string;
  /** Where PostgreSQL keeps its data (default `.data/embedded` in the repository). */
  dataDir?: string;
  /** Start from empty databases. */
  reset?: boolean;
  /** Services' log level (default `warn`: the console shows progress lines, not request logs). */
  logLevel?: string;
  /** The gateway's MANAGEMENT_PORT, always on 127.0.0.1 (default 0: a free port). */
  managementPort?: number;
  /** `dev` (demo sign-in, loopback only) or `clever`; see resolveAuthMode. Default: dev. */
  authMode?: AuthMode;
  /** Sync from this Clever instead of the built-in sandbox (CLEVER_API_BASE_URL and friends). */
  clever?: ExternalClever;
  /** Size of the sandbox's demo district (default: the demo preset, ~900 students). */
  sandboxUsers?: number;
  eventsPollIntervalMs?: number;
  /** The gateway's per-caller rate limit (requests per minute; default the gateway's). */
  rateLimitPerMinute?: number;
  /** Progress lines for the console (sync started/completed, readiness). */
  onProgress?: (line: string) => void;
}

export interface Embedded {
  url: string;
  /** The gateway's /health/live, /health/ready and /metrics: loopback only, never on `url`. */
  managementUrl: string;
  /** Each service's management URL (loopback, a free port each). */
  serviceManagementUrls: Record<'identity' | 'classes' | 'clever-ingestion', string>;
  sandboxUrl: string | undefined;
  /** Resolves when the first full sync of every connected district has completed. */
  firstSyncComplete: Promise<{ districts: number; ms: number }>;
  stop(): Promise<void>;
}

/** The repository root (the folder with package.json), whether this runs from src/ (tests) or from dist/ (npm start). */
export function findRepoRoot(from = __dirname): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/**
 * `.data/embedded` at the repository root, as README says. Earlier builds kept it under dist/ (cleaning dist/
 * deleted a user's data): such a folder is moved once.
 */
export function defaultDataDir(root = findRepoRoot()): string {
  const dataDir = join(root, '.data/embedded');
  const legacy = join(root, 'dist/.data/embedded');
  if (!existsSync(dataDir) && existsSync(legacy)) {
    mkdirSync(dirname(dataDir), { recursive: true });
    renameSync(legacy, dataDir);
  }
  return dataDir;
}

/**
 * The whole product in one process (ARCHITECTURE.md §5): embedded PostgreSQL with one database per
 * service, the in-process event bus, the Clever sandbox with a demo district (unless an external Clever
 * is given), every service, and the gateway with the admin UI.
 */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<Embedded> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const dataDir = options.dataDir ?? defaultDataDir();
  if (options.reset) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const level = options.logLevel ?? 'warn';
  const logger = (service: string): Logger => createLogger(service, { level });
  const secrets = loadOrCreateSecrets(join(dataDir, 'secrets.json'));

  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups.length = 0;
  };
  try {
    const db: EmbeddedDatabaseServer = await startEmbeddedDatabaseServer(join(dataDir, 'pg'));
    cleanups.push(() => db.stop());

    let sandbox: Sandbox | undefined;
    let clever: ExternalClever;
    if (options.clever) {
      clever = options.clever;
    } else {
      sandbox = createSandbox({ seed: 'roster', districts: [options.sandboxUsers ? { users: options.sandboxUsers } : { preset: 'demo' }] });
      const { url } = await sandbox.start(0);
      cleanups.push(() => sandbox!.close());
      clever = { apiBaseUrl: url, oauthBaseUrl: url, clientId: 'sandbox-client', clientSecret: 'sandbox-secret' };
    }

    const bus = new InProcessBus({ ackAfterDelivery: true, logger: logger('event-bus') });
    cleanups.push(() => bus.close());

    const firstRuns = new Map<string, boolean>();
    let resolveFirstSync!: (v: { districts: number; ms: number }) => void;
    const firstSyncComplete = new Promise<{ districts: number; ms: number }>((r) => (resolveFirstSync = r));
    const watcher: ConsumerHandle = await bus.consume({
      groupId: 'embedded.progress',
      topics: [Events.syncRunStarted.topic.name],
      handleBatch: async (messages, ctx) => {
        for (const m of messages) {
          ctx.resolveOffset(m.offset);
          const e = parseEnvelope(m.value ?? '');
          const data = e.data as { cleverDistrictId: string; kind: string; counts?: Record<string, number> };
          if (e.type === Events.syncRunStarted.type) {
            if (!firstRuns.has(data.cleverDistrictId)) firstRuns.set(data.cleverDistrictId, false);
            progress(`sync started: district ${data.cleverDistrictId} (${data.kind})`);
          } else if (e.type === Events.syncRunCompleted.type || e.type === Events.syncRunHeld.type || e.type === Events.syncRunFailed.type) {
            const c = data.counts ?? {};
            progress(
              `sync ${e.type.split('.').pop()}: district ${data.cleverDistrictId} — created ${c.created ?? 0}, updated ${c.updated ?? 0}, ` +
                `unchanged ${c.unchanged ?? 0}, archived ${c.archived ?? 0}, restored ${c.restored ?? 0}, ignored ${c.ignored ?? 0}, rejected ${c.rejected ?? 0}`,
            );
            if (data.kind === 'full') firstRuns.set(data.cleverDistrictId, true);
            if (firstRuns.size > 0 && [...firstRuns.values()].every(Boolean)) {
              // The run's events are published; "complete" means every service has also applied them
              // (accounts in identity, available students in classes). Wait outside this handler.
              void bus.whenDrained().then(() => resolveFirstSync({ districts: firstRuns.size, ms: Date.now() - started }));
            }
          }
        }
      },
    });
    cleanups.push(() => watcher.stop());

    // Management endpoints bind to loopback only, each on a free port (the API ports are loopback too).
    const managementUrls: Record<string, string> = {};
    const host = async (service: HostedService, key = service.name): Promise<string> => {
      cleanups.push(() => service.close());
      const url = await service.listen(0, '127.0.0.1', { port: 0, host: '127.0.0.1' });
      managementUrls[key] = service.managementUrl!;
      return url;
    };
    const common = { bus, internalAuthSecret: secrets.internalAuthSecret, migrate: true, relay: { pollIntervalMs: 50 } };
    const identityUrl = await host(await createIdentityService({ ...common, databaseUrl: db.urlFor('roster_identity'), logger: logger('identity') }), 'identity');
    const classesUrl = await host(await createClassesService({ ...common, databaseUrl: db.urlFor('roster_classes'), logger: logger('classes'), identityUrl }), 'classes');
    const ingestionUrl = await host(
      await createIngestionService({
        ...common,
        databaseUrl: db.urlFor('roster_ingestion'),
        logger: logger('clever-ingestion'),
        clever: {
          apiBaseUrl: clever.apiBaseUrl,
          oauthBaseUrl: clever.oauthBaseUrl,
          clientId: clever.clientId ?? '',
          clientSecret: clever.clientSecret ?? '',
          apiVersion: clever.apiVersion ?? 'v3.0',
          districtTokens: clever.districtTokens,
        },
        eventsPollIntervalMs: options.eventsPollIntervalMs ?? 5_000,
      }),
      'clever-ingestion',
    );

    const port = options.port ?? 3000;
    const hostName = options.host ?? '127.0.0.1';
    const gateway = await createGatewayService({
      identityUrl,
      classesUrl,
      ingestionUrl,
      internalAuthSecret: secrets.internalAuthSecret,
      sessionSecret: secrets.sessionSecret,
      authMode: options.authMode ?? 'dev',
      clever: clever.clientId && clever.clientSecret ? { oauthBaseUrl: clever.oauthBaseUrl, apiBaseUrl: clever.apiBaseUrl, clientId: clever.clientId, clientSecret: clever.clientSecret } : undefined,
      publicBaseUrl: `http://localhost:${port}`,
      logger: logger('gateway'),
      upstreamManagementUrls: { identity: managementUrls.identity, classes: managementUrls.classes, ingestion: managementUrls['clever-ingestion'] },
      ...(options.rateLimitPerMinute ? { rateLimit: { perMinute: options.rateLimitPerMinute } } : {}),
    });
    cleanups.push(() => gateway.close());
    // The public port may listen beyond this machine (HOST); the management port never does.
    const url = (await gateway.listen(port, hostName, { port: options.managementPort ?? 0, host: '127.0.0.1' })).replace('127.0.0.1', 'localhost');
    return {
      url,
      managementUrl: gateway.managementUrl!,
      serviceManagementUrls: { identity: managementUrls.identity, classes: managementUrls.classes, 'clever-ingestion': managementUrls['clever-ingestion'] },
      sandboxUrl: sandbox ? clever.apiBaseUrl : undefined, firstSyncComplete, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
