import { z } from 'zod';
import { parseInput } from '@roster/problems';

/** A uuid path parameter; anything else is a 400 VALIDATION_FAILED (never a database error). */
export function uuidParam(value: string, name: string): string {
  return parseInput(z.uuid(), value, `path.${name}`);
}
