import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bootstrapHttpApp } from '@roster/http';
import { createLogger, DEFAULT_MANAGEMENT_PORT, NestPinoLogger, ObservabilityModule, startManagementServer, type ManagementServer, type ReadinessCheck } from '@roster/observability';
import { allowedMethods } from './api/allowed-methods';
import { API_PREFIX } from './api/endpoint';
import { buildOpenApiDocument, endpointsOf } from './api/openapi';
import { CleverSso } from './auth/clever-sso';
import { PrincipalResolver } from './auth/principal-resolver';
import { RateLimits } from './auth/rate-limits';
import type { GatewayServiceOptions } from './config';
import { apiControllers } from './controllers';
import { SessionTokens } from './domain/session-tokens';
import type { GatewayConfig } from './gateway-config';
import { GatewayModule } from './gateway.module';
import { ServiceClient, type Upstreams } from './upstream/service-client';

export interface GatewayService {
  readonly app: NestExpressApplication;
  /**
   * Starts serving HTTP: the public API on `port`, /health/live, /health/ready and /metrics on
   * `management.port` (default 0: a free port) and `management.host` (default: `host`). Resolves to the
   * public base URL (which answers 404 for the management paths).
   */
  listen(port: number, host?: string, management?: { port?: number; host?: string }): Promise<string>;
  /** The management endpoints' base URL, once listening. */
  readonly managementUrl: string | undefined;
  /** Stops accepting requests and closes the HTTP server. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * The admin UI's static files: `apps/gateway/src/ui` of the repository (found from the repository root,
 * so it works from `dist/` too), else a `ui` folder beside this file (an image that ships only dist/).
 */
export function defaultUiDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const candidate = join(dir, 'apps/gateway/src/ui');
      if (existsSync(candidate)) return candidate;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  return join(__dirname, 'ui');
}

/**
 * Where the gateway checks an upstream's readiness: the service's management endpoints (its API port
 * answers 404 for /health/*). Default: the upstream's host on the default MANAGEMENT_PORT.
 */
export interface UpstreamManagementUrls {
  identity?: string;
  classes?: string;
  ingestion?: string;
}

export function defaultManagementUrl(serviceUrl: string): string {
  const url = new URL(serviceUrl);
  url.port = String(DEFAULT_MANAGEMENT_PORT);
  return url.origin;
}

function readiness(name: string, managementUrl: string): ReadinessCheck {
  const target = `${managementUrl.replace(/\/+$/, '')}/health/ready`;
  return {
    name,
    check: async (options) => {
      const res = await fetch(target, { signal: options?.signal, redirect: 'error' });
      await res.body?.cancel();
      if (res.status !== 200) throw new Error(`${name} is not ready (${res.status})`);
    },
  };
}

type Middleware = (req: unknown, res: unknown, next: () => void) => void;

/** `/api/v1` and below. */
function isApiPath(path: string): boolean {
  return path.startsWith(API_PREFIX) && (path.length === API_PREFIX.length || path[API_PREFIX.length] === '/');
}

/**
 * The middleware `app.useStaticAssets(root, options)` would mount (express.static with those options), so that
 * it can be mounted behind a condition: Nest's adapter builds it and hands it to `use`, which is borrowed here.
 */
function staticFiles(app: NestExpressApplication, root: string, options: Record<string, unknown>): Middleware {
  let middleware: Middleware | undefined;
  const adapter = app.getHttpAdapter() as unknown as { useStaticAssets(this: { use(m: Middleware): unknown }, root: string, options: object): unknown };
  adapter.useStaticAssets.call({ use: (m: Middleware) => (middleware = m) }, root, options);
  if (!middleware) throw new Error('the HTTP adapter did not build a static-files middleware');
  return middleware;
}

function resolveConfig(options: GatewayServiceOptions): GatewayConfig {
  if (options.sessionSecret === options.internalAuthSecret) throw new Error('sessionSecret must differ from internalAuthSecret');
  if (options.authMode === 'clever' && !options.clever) throw new Error('authMode clever needs the clever options');
  const base = new URL(options.publicBaseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('publicBaseUrl must be http(s)');
  const perMinute = options.rateLimit?.perMinute ?? 600;
  return {
    authMode: options.authMode,
    clever: options.clever,
    publicBaseUrl: `${base.origin}${base.pathname.replace(/\/+$/, '')}`,
    secureCookies: base.protocol === 'https:',
    allowedOrigins: [base.origin, ...(options.corsOrigins ?? []).map((o) => new URL(o).origin)],
    rateLimit: { perMinute, anonymousPerMinute: options.rateLimit?.anonymousPerMinute ?? perMinute },
    logger: options.logger ?? createLogger('gateway'),
  };
}

/**
 * The gateway (ARCHITECTURE.md §2, §6): stateless, no database and no messaging. It authenticates the
 * caller, resolves their scope, and calls the owning service's internal API with a signed internal
 * token. Serves the public API under /api/v1, its OpenAPI document, the admin UI's static files at `/`,
 * and, on its management port only, /health/live, /health/ready (the three services ready, asked on
 * their management URLs), /metrics.
 */
export async function createGatewayService(options: GatewayServiceOptions & { upstreamManagementUrls?: UpstreamManagementUrls }): Promise<GatewayService> {
  const config = resolveConfig(options);
  const logger = config.logger;
  const timeout = options.upstreamTimeoutMs ?? 10_000;
  const upstreams: Upstreams = {
    identity: new ServiceClient('identity', options.identityUrl, options.internalAuthSecret, logger, timeout),
    classes: new ServiceClient('classes', options.classesUrl, options.internalAuthSecret, logger, timeout),
    ingestion: new ServiceClient('clever-ingestion', options.ingestionUrl, options.internalAuthSecret, logger, timeout),
  };
  const tokens = new SessionTokens(options.sessionSecret, {
    sessionTtlSeconds: options.sessionTtlSeconds,
    accessTtlSeconds: options.accessTokenTtlSeconds,
  });
  const deps = {
    config,
    upstreams,
    tokens,
    resolver: new PrincipalResolver(upstreams.identity, options.principalCacheMs ?? 5_000),
    limits: new RateLimits(config.rateLimit),
    clever: options.clever ? new CleverSso(options.clever, logger, timeout) : null,
    openapi: buildOpenApiDocument(apiControllers, { devMode: options.authMode === 'dev' }),
  };

  @Module({
    imports: [
      ObservabilityModule.forRoot({
        service: 'gateway',
        logger,
        checks: [
          readiness('identity', options.upstreamManagementUrls?.identity ?? defaultManagementUrl(options.identityUrl)),
          readiness('classes', options.upstreamManagementUrls?.classes ?? defaultManagementUrl(options.classesUrl)),
          readiness('clever-ingestion', options.upstreamManagementUrls?.ingestion ?? defaultManagementUrl(options.ingestionUrl)),
        ],
        shutdownDelayMs: options.shutdownDelayMs,
      }),
      GatewayModule.forRoot(deps),
    ],
  })
  class GatewayRootModule {}

  const app = await bootstrapHttpApp({ module: GatewayRootModule, logger, bodyLimit: options.bodyLimit ?? '256kb' });
  app.useLogger(app.get(NestPinoLogger));
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          frameAncestors: ["'none'"],
          // The sign-in form may post to us; our redirect then goes to Clever.
          formAction: ["'self'", ...(options.clever ? [new URL(options.clever.oauthBaseUrl).origin] : [])],
        },
      },
      strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'no-referrer' },
      xFrameOptions: { action: 'deny' },
    }),
  );
  if (options.corsOrigins?.length) {
    app.enableCors({
      origin: config.allowedOrigins.slice(1),
      credentials: true,
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['content-type', 'authorization', 'x-correlation-id'],
      exposedHeaders: ['x-correlation-id', 'retry-after'],
      maxAge: 600,
    });
  }
  app.use('/api/v1', (_req: unknown, res: { setHeader(n: string, v: string): void }, next: () => void) => {
    res.setHeader('cache-control', 'no-store');
    next();
  });
  app.use(API_PREFIX, allowedMethods(endpointsOf(apiControllers)));
  // The admin UI's files. API paths skip them: the UI has no `api/` folder, and every API call used to stat()
  // the UI folder for its own path first (ENOENT, then on to the route: ≈ 10 % of the gateway's CPU per call).
  const uiFiles = staticFiles(app, options.uiDir ?? defaultUiDir(), { index: 'index.html', redirect: false, fallthrough: true });
  app.use((req: { path: string }, res: unknown, next: () => void) => (isApiPath(req.path) ? next() : uiFiles(req, res, next)));
  await app.init();

  let closing: Promise<void> | undefined;
  let management: ManagementServer | undefined;
  return {
    app,
    get managementUrl() {
      return management?.url;
    },
    listen: async (port, host = '127.0.0.1', mgmt = {}) => {
      management ??= await startManagementServer(app, { port: mgmt.port ?? 0, host: mgmt.host ?? host });
      await app.listen(port, host);
      const address = app.getHttpServer().address() as { port: number };
      return `http://${host}:${address.port}`;
    },
    // The management server closes last: readiness reports the shutdown while the app drains.
    close: () => (closing ??= app.close().then(() => management?.close())),
  };
}
