import { z } from 'zod';
import { parseInput } from '@roster/problems';

/** A uuid path parameter; anything else is a 400 VALIDATION_FAILED (never a database error). */
export function uuidParam(value: string, name: string): string {
  return parseInput(z.uuid(), value, `path.${name}`);
}

/** `limit` (1..500, default 50) and `cursor` of every list (docs/internal-api.md). */
export const pageQuery = z.object({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
