import type { Actor } from '@roster/contracts';
import type { Principal } from '@roster/authz';
import type { Outbox } from '@roster/messaging';
import type { Logger } from '@roster/observability';
import type { MikroORM } from '@roster/persistence';
import type { CourseCatalog } from '../domain/course-catalog';

export const SERVICE_NAME = 'classes';

/** What the handlers of the service share (one instance per hosted service), injected as CLASSES_CONTEXT. */
export interface ClassesContext {
  orm: MikroORM;
  outbox: Outbox;
  logger: Logger;
  catalog: CourseCatalog;
}

export const CLASSES_CONTEXT = Symbol('CLASSES_CONTEXT');

/** The actor of changes a user makes through the API. */
export function actorOf(p: Principal): Actor {
  return { type: 'user', id: p.accountId };
}

/** The actor of changes classes makes by itself in reaction to identity events. */
export const IDENTITY_SYNC_ACTOR: Actor = { type: 'system', id: 'identity-sync' };
/** The actor of placements consumed from the assessment service. */
export const ASSESSMENT_ACTOR: Actor = { type: 'system', id: 'assessment' };
