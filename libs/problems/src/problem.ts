import type { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * An RFC 9457 problem with a stable machine-readable `code` (clients switch on the code, never on the
 * title). Pure: handlers, domain rules and adapters throw it; only the edge (libs/http's filter, the
 * gateway) renders it as `application/problem+json`.
 *
 * Codes are namespaced by who owns the rule: `CLASSES.PLACEMENT_REQUIRED`, `IDENTITY.ACCOUNT_NOT_FOUND`,
 * `INGESTION.RUN_NOT_HELD`, `ACCESS.DISTRICT_ADMIN_REQUIRED` (the authorization policy, libs/authz).
 * Codes of the HTTP edge itself (`VALIDATION_FAILED`, `UNAUTHENTICATED`, `RATE_LIMITED`, `INTERNAL`, ...)
 * carry no namespace: they are the same for every route.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${detail ?? title}`);
    this.name = 'ProblemError';
  }

  toJSON(instance?: string): Record<string, unknown> {
    return {
      type: `https://roster.dev/problems/${this.code.toLowerCase().replace(/[._]/g, '-')}`,
      title: this.title,
      status: this.status,
      code: this.code,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extra,
    };
  }
}

/** What a use case can say went wrong, independent of any transport. The edge maps it to a status. */
export type ErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'unavailable';

const STATUS: Record<ErrorKind, number> = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409, unavailable: 503 };
const TITLE: Record<ErrorKind, string> = {
  invalid: 'The request is not valid',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  unavailable: 'Service unavailable',
};

/** A use case's refusal: a namespaced code and a kind; the HTTP status follows from the kind. */
export class DomainError extends ProblemError {
  constructor(
    readonly kind: ErrorKind,
    code: string,
    detail?: string,
    extra: Record<string, unknown> = {},
    title = TITLE[kind],
  ) {
    super(STATUS[kind], code, title, detail, extra);
    this.name = 'DomainError';
  }
}

export const notFound = (code: string, what = 'Resource', detail?: string) => new DomainError('not_found', code, detail, {}, `${what} not found`);
export const forbidden = (code: string, detail?: string) => new DomainError('forbidden', code, detail);
export const conflict = (code: string, detail: string, extra: Record<string, unknown> = {}) => new DomainError('conflict', code, detail, extra);
export const invalid = (code: string, detail: string, extra: Record<string, unknown> = {}) => new DomainError('invalid', code, detail, extra);

/** Validates input with zod; failures become 400 VALIDATION_FAILED listing each problem's path. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ProblemError(400, 'VALIDATION_FAILED', 'The request is not valid', `invalid ${where}`, {
    errors: result.error.issues.slice(0, 50).map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message, code: i.code })),
  });
}
