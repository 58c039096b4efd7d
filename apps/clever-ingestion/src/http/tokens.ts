/** Nest injection token of the service's use cases (one object, built in service.ts). */
export const INGESTION = Symbol('INGESTION');
