import { z } from 'zod';

/**
 * Shapes shared by the internal APIs of every service (docs/internal-api.md). This library imports only
 * zod: services build their answers from these schemas, the gateway's ServiceClient parses upstream
 * bodies with them and its OpenAPI document reuses them where the public answer is the internal one.
 *
 * Answers are parsed in zod's default mode: an unknown key is dropped (a service may add an optional
 * field before the gateway knows it), a missing or mistyped declared field is a contract violation.
 */

/** Our own ids (uuids). */
export const uuid = z.uuid();
/** Clever ids as stored (Mongo ObjectIDs in practice; any non-empty token). */
export const cleverIdValue = z.string();
/** An ISO 8601 timestamp as the services write it (`Date.prototype.toISOString`). */
export const timestamp = z.iso.datetime({ offset: true }).describe('ISO 8601 timestamp');
/** A calendar date, `YYYY-MM-DD`. */
export const calendarDate = z.iso.date();

/** The roles of an account (ARCHITECTURE.md §1); the same list as `accountRole` of @roster/contracts. */
export const accountRoleSchema = z.enum(['district_admin', 'school_admin', 'teacher', 'student']);
export type AccountRoleValue = z.infer<typeof accountRoleSchema>;

export const personNameSchema = z.object({ first: z.string(), middle: z.string().optional(), last: z.string() });
export type PersonName = z.infer<typeof personNameSchema>;
/** A preferred name: any part may be missing. */
export const preferredNameSchema = z.object({ first: z.string().optional(), middle: z.string().optional(), last: z.string().optional() });

/** Every list of the internal and public APIs answers this shape (keyset paging). */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null at the end') });
export type PageOf<T> = { data: T[]; nextCursor: string | null };

/** Lists that are not paged answer `{data}` only. */
export const listSchema = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });

/** `cursor` and `limit` of a paged list (limit ≤ 500, default 50). */
export const cursorParam = z.string().max(2048).optional();
export const limitParam = z.coerce.number().int().min(1).max(500).default(50);
export const pageQuerySchema = z.object({ cursor: cursorParam, limit: limitParam });

/** RFC 9457 problem details, the body of every refusal (`application/problem+json`). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe('stable machine-readable code'),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string() })).optional(),
  })
  .loose();
export type ProblemBody = z.infer<typeof problemSchema>;
