import { DistrictSpec } from './generator/plan';

/** What a `starting_after` on /events gets when the cursor is unknown or older than the window. */
export type ExpiredCursorAnswer = 'not_found' | 'bad_request' | 'window_start';
/** Where `previous_attributes` goes on `*.updated` events (Clever's placement is unconfirmed). */
export type PreviousAttributesPlacement = 'data' | 'top';
/** What an SSO token gets on a path it may not use. */
export type SsoForbiddenAnswer = 401 | 403 | 'html';

export interface SandboxOptions {
  /** Everything generated is a function of the seed (default "roster"). */
  seed?: string | number;
  clientId?: string;
  clientSecret?: string;
  /** Districts to generate at start-up (default: one `demo` district). */
  districts?: DistrictSpec[];
  /** Base clock in ms (default Date.now); the admin API can advance it. */
  now?: () => number;
  /** Timestamp stamped into generated ids (ms; default 2024-08-01T00:00:00Z) so generation is deterministic. */
  dataEpochMs?: number;
  defaultLimit?: number;
  maxLimit?: number;
  /** Per-token budget per minute (default 1200); null disables it. */
  rateLimitPerMinute?: number | null;
  eventsEnabled?: boolean;
  eventRetentionDays?: number;
  expiredCursor?: ExpiredCursorAnswer;
  previousAttributes?: PreviousAttributesPlacement;
  /** Add Clever's `prev` link to pages fetched with a cursor (default true). */
  prevLinks?: boolean;
  ssoForbidden?: SsoForbiddenAnswer;
  /** Authorization-code lifetime (default 60 s). */
  codeTtlMs?: number;
  /** Allowed SSO redirect URIs; empty = any. */
  redirectUris?: string[];
  /** Host for the HTTP server (default 127.0.0.1). */
  host?: string;
}

export type ResolvedOptions = Required<Omit<SandboxOptions, 'now' | 'host'>> & { host: string };

export const DEFAULT_DATA_EPOCH_MS = Date.UTC(2024, 7, 1);

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  return {
    seed: options.seed ?? 'roster',
    clientId: options.clientId ?? 'sandbox-client',
    clientSecret: options.clientSecret ?? 'sandbox-secret',
    districts: options.districts ?? [{ preset: 'demo' }],
    dataEpochMs: options.dataEpochMs ?? DEFAULT_DATA_EPOCH_MS,
    defaultLimit: options.defaultLimit ?? 100,
    maxLimit: options.maxLimit ?? 10_000,
    rateLimitPerMinute: options.rateLimitPerMinute === undefined ? 1200 : options.rateLimitPerMinute,
    eventsEnabled: options.eventsEnabled ?? true,
    eventRetentionDays: options.eventRetentionDays ?? 30,
    expiredCursor: options.expiredCursor ?? 'not_found',
    previousAttributes: options.previousAttributes ?? 'data',
    prevLinks: options.prevLinks ?? true,
    ssoForbidden: options.ssoForbidden ?? 401,
    codeTtlMs: options.codeTtlMs ?? 60_000,
    redirectUris: options.redirectUris ?? [],
    host: options.host ?? '127.0.0.1',
  };
}
