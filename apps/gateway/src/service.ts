import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bootstrapHttpApp } from '@roster/http';
import { createLogger, NestPinoLogger, ObservabilityModule, type ReadinessCheck } from '@roster/observability';
import { buildOpenApiDocument } from './api/openapi';
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
  /** Starts serving HTTP; resolves to the base URL. */
  listen(port: number, host?: string): Promise<string>;
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

function readiness(name: string, client: ServiceClient): ReadinessCheck {
  return {
    name,
    check: async (options) => {
      const res = await fetch(`${client.baseUrl}/health/ready`, { signal: options?.signal });
      await res.body?.cancel();
      if (res.status !== 200) throw new Error(`${name} is not ready (${res.status})`);
    },
  };
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
 * and /health/live, /health/ready (the three services reachable and ready), /metrics.
 */
export async function createGatewayService(options: GatewayServiceOptions): Promise<GatewayService> {
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
        checks: [readiness('identity', upstreams.identity), readiness('classes', upstreams.classes), readiness('clever-ingestion', upstreams.ingestion)],
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
  app.useStaticAssets(options.uiDir ?? defaultUiDir(), { index: 'index.html', redirect: false, fallthrough: true });
  await app.init();

  let closing: Promise<void> | undefined;
  return {
    app,
    listen: async (port, host = '127.0.0.1') => {
      await app.listen(port, host);
      const address = app.getHttpServer().address() as { port: number };
      return `http://${host}:${address.port}`;
    },
    close: () => (closing ??= app.close()),
  };
}
