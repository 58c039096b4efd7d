/**
 * Helpers for raw SQL through MikroORM, which expands a JS array bound to `?` into a list: arrays are
 * bound as PostgreSQL array literals instead (`?::uuid[]`, `?::text[]`).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uuidArray(ids: Iterable<string>): string {
  const list = [...ids];
  for (const id of list) if (!UUID.test(id)) throw new Error(`not a uuid: ${id}`);
  return `{${list.join(',')}}`;
}

export function textArray(values: Iterable<string>): string {
  return `{${[...values].map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** Timestamps come back from raw queries as PostgreSQL text; the API speaks ISO 8601. */
export function iso(value: string | Date): string {
  return new Date(value).toISOString();
}

export function isoOrUndefined(value: string | Date | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : iso(value);
}

/** Escapes LIKE wildcards so a search text matches literally. */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The AND-ed conditions of a query and their parameters, in order. */
export class Conditions {
  private readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  constructor(clause: string, ...params: unknown[]) {
    this.add(clause, ...params);
  }

  add(clause: string, ...params: unknown[]): this {
    this.clauses.push(clause);
    this.params.push(...params);
    return this;
  }

  get sql(): string {
    return this.clauses.join(' and ');
  }
}

/** Drops undefined and null fields (optional API fields are omitted, not null). */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;
}
