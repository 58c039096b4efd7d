import type { Outbox } from '@roster/messaging';
import type { Logger } from '@roster/observability';
import type { MikroORM } from '@roster/persistence';
import type { IdentityMetrics } from './metrics/identity-metrics';

/** What identity's handlers share (one instance per hosted service), injected as IDENTITY_CONTEXT. */
export interface IdentityContext {
  /** Each use case works in its own fork. */
  orm: MikroORM;
  outbox: Outbox;
  logger: Logger;
  metrics?: IdentityMetrics;
  /** The time the retention job reads (tests advance it); default the system clock. */
  clock?: () => Date;
}

export const IDENTITY_CONTEXT = Symbol('IDENTITY_CONTEXT');

/**
 * System callers allowed on identity's platform endpoints (sign-in look-ups, dev users, the district
 * list): the gateway (`GATEWAY_CALLER`) only; tests and the gateway benchmark sign as `gateway` too.
 */
export const SYSTEM_CALLERS: readonly string[] = ['gateway'];

/**
 * System callers that may re-read accounts and schools as published (`/internal/v1/state/...`): classes, to
 * recover from a dead-lettered identity event. Nobody else, the gateway included.
 */
export const STATE_READERS: readonly string[] = ['classes'];
