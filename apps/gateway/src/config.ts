import { z } from 'zod';
import type { Logger } from '@roster/observability';

/** Options of createGatewayService (the embedded mode passes them directly; main.ts builds them from the environment). */
export interface GatewayServiceOptions {
  identityUrl: string;
  classesUrl: string;
  ingestionUrl: string;
  internalAuthSecret: string;
  /** Signs sessions, bearer tokens and the OAuth state cookie; must differ from internalAuthSecret. */
  sessionSecret: string;
  /** `dev` adds POST /auth/dev-login and GET /auth/dev-users (embedded mode and local development only). */
  authMode: 'clever' | 'dev';
  /** "Log in with Clever"; required when authMode is `clever`, optional in `dev`. */
  clever?: { oauthBaseUrl: string; apiBaseUrl: string; clientId: string; clientSecret: string };
  /** The public origin (and optional path prefix) of the gateway: redirect URI base, cookie `Secure` flag. */
  publicBaseUrl: string;
  /** Static files of the admin UI, served at `/` (default: apps/gateway/src/ui of the repository). */
  uiDir?: string;
  logger?: Logger;
  /** Requests per minute per signed-in account (default 600) and per IP for unauthenticated calls (default perMinute). */
  rateLimit?: { perMinute: number; anonymousPerMinute?: number };
  /** Origins allowed to call the API from a browser with credentials; CORS is off when empty (default). */
  corsOrigins?: string[];
  /** Largest JSON body accepted (default 256kb; above: 413 PAYLOAD_TOO_LARGE). */
  bodyLimit?: string;
  /** Express `trust proxy` (e.g. 1 behind one ingress hop) so per-IP limits see the client's address. Default false. */
  trustProxy?: boolean | number | string;
  /** Session cookie lifetime (default 8 h) and bearer token lifetime (default 1 h). */
  sessionTtlSeconds?: number;
  accessTokenTtlSeconds?: number;
  /** How long a resolved principal is reused before asking identity again (default 5000 ms). */
  principalCacheMs?: number;
  /** Timeout of each call to a service (default 10000 ms). */
  upstreamTimeoutMs?: number;
  /** Keep serving this long after close() starts while reporting not-ready (default 0). */
  shutdownDelayMs?: number;
}

const url = z.url({ protocol: /^https?$/ });
const secret = z.string().min(32, 'use at least 32 characters');

/** The gateway's environment (validated at start-up; every problem is reported at once). */
export const gatewayEnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    IDENTITY_URL: url,
    CLASSES_URL: url,
    INGESTION_URL: url,
    INTERNAL_AUTH_SECRET: secret,
    SESSION_SECRET: secret,
    AUTH_MODE: z.enum(['clever', 'dev']).default('clever'),
    CLEVER_OAUTH_BASE_URL: url.default('https://clever.com'),
    CLEVER_API_BASE_URL: url.default('https://api.clever.com'),
    CLEVER_CLIENT_ID: z.string().min(1).optional(),
    CLEVER_CLIENT_SECRET: z.string().min(1).optional(),
    PUBLIC_BASE_URL: url.optional(),
    CORS_ORIGINS: z
      .string()
      .optional()
      .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.url({ protocol: /^https?$/ }))),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    TRUST_PROXY: z.string().optional(),
    SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
    ROSTER_EMBEDDED: z.string().optional(),
    NODE_ENV: z.string().optional(),
    LOG_LEVEL: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.AUTH_MODE === 'dev' && env.ROSTER_EMBEDDED !== '1' && env.NODE_ENV !== 'development') {
      ctx.addIssue({ code: 'custom', path: ['AUTH_MODE'], message: 'AUTH_MODE=dev is refused unless ROSTER_EMBEDDED=1 or NODE_ENV=development' });
    }
    if (env.AUTH_MODE === 'clever') {
      if (!env.CLEVER_CLIENT_ID) ctx.addIssue({ code: 'custom', path: ['CLEVER_CLIENT_ID'], message: 'required when AUTH_MODE=clever' });
      if (!env.CLEVER_CLIENT_SECRET) ctx.addIssue({ code: 'custom', path: ['CLEVER_CLIENT_SECRET'], message: 'required when AUTH_MODE=clever' });
      if (!env.PUBLIC_BASE_URL) ctx.addIssue({ code: 'custom', path: ['PUBLIC_BASE_URL'], message: 'required when AUTH_MODE=clever' });
    }
    if (env.SESSION_SECRET === env.INTERNAL_AUTH_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'must differ from INTERNAL_AUTH_SECRET' });
    }
  });
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;

function trustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Options from a validated environment. */
export function optionsFromEnv(env: GatewayEnv, logger?: Logger): GatewayServiceOptions {
  const clever =
    env.CLEVER_CLIENT_ID && env.CLEVER_CLIENT_SECRET
      ? { oauthBaseUrl: env.CLEVER_OAUTH_BASE_URL, apiBaseUrl: env.CLEVER_API_BASE_URL, clientId: env.CLEVER_CLIENT_ID, clientSecret: env.CLEVER_CLIENT_SECRET }
      : undefined;
  return {
    identityUrl: env.IDENTITY_URL,
    classesUrl: env.CLASSES_URL,
    ingestionUrl: env.INGESTION_URL,
    internalAuthSecret: env.INTERNAL_AUTH_SECRET,
    sessionSecret: env.SESSION_SECRET,
    authMode: env.AUTH_MODE,
    clever,
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`,
    corsOrigins: env.CORS_ORIGINS,
    rateLimit: { perMinute: env.RATE_LIMIT_PER_MINUTE },
    trustProxy: trustProxy(env.TRUST_PROXY),
    shutdownDelayMs: env.SHUTDOWN_DELAY_MS,
    logger,
  };
}
