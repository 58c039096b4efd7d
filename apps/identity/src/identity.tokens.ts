/** Injection token of the service's MikroORM instance (each use case works in its own fork). */
export const IDENTITY_ORM = Symbol('identity.orm');

/**
 * System callers allowed on identity's platform endpoints (sign-in look-ups, dev users, the district
 * list): the gateway (`GATEWAY_CALLER`) only; tests and the gateway benchmark sign as `gateway` too.
 */
export const SYSTEM_CALLERS: readonly string[] = ['gateway'];
