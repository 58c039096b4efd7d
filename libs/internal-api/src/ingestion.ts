import { z } from 'zod';

/**
 * Request and response bodies of the ingestion service's internal API (`/internal/v1/...`, docs/internal-api.md).
 * The service builds its answers from these schemas; the gateway's ServiceClient parses upstream bodies
 * with them and its OpenAPI document reuses them.
 */
export const ingestionApi = {} satisfies Record<string, z.ZodType>;
