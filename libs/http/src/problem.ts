import type { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * An RFC 9457 problem with a stable machine-readable `code` (clients switch on the code, never on the
 * title). Thrown anywhere in a request; the ProblemDetailsFilter renders it.
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
      type: `https://roster.dev/problems/${this.code.toLowerCase().replace(/_/g, '-')}`,
      title: this.title,
      status: this.status,
      code: this.code,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extra,
    };
  }
}

export const notFound = (what = 'Resource', code = 'NOT_FOUND') => new ProblemError(404, code, `${what} not found`);
export const forbidden = (detail?: string, code = 'FORBIDDEN') => new ProblemError(403, code, 'Forbidden', detail);
export const conflict = (code: string, detail: string) => new ProblemError(409, code, 'Conflict', detail);

/** Validates input with zod; failures become 400 VALIDATION_FAILED listing each problem's path. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ProblemError(400, 'VALIDATION_FAILED', 'The request is not valid', `invalid ${where}`, {
    errors: result.error.issues.slice(0, 50).map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message, code: i.code })),
  });
}
