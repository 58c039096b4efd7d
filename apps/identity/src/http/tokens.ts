/** Injection token of the service's MikroORM instance (each request works in its own fork). */
export const IDENTITY_ORM = Symbol('identity.orm');
