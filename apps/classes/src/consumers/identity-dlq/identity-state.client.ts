import type { z } from 'zod';
import { INTERNAL_TOKEN_HEADER, signInternalToken } from '@roster/authz';
import type { AccountState, SchoolState } from '@roster/contracts';
import { identityApi } from '@roster/internal-api';

/**
 * Identity's current state of an entity, with the version of the newest event identity published for it
 * (the number its `identity.*` envelopes carry, so classes' version guard compares like with like): the
 * answers of identity's internal routes `GET /internal/v1/state/...` (system caller `classes`), parsed with
 * identity's own contract (`@roster/internal-api`).
 */
export const accountStateAnswer = identityApi.accountState;
export const schoolStateAnswer = identityApi.schoolState;
export const accountStatePage = identityApi.accountStatePage;
export const schoolStatePage = identityApi.schoolStatePage;

export interface Versioned<T> {
  version: number;
  state: T;
}

/** What classes asks identity when it lost an identity event (a dead letter): the current state. */
export interface IdentityStateSource {
  /** The account as identity has it now; null when identity does not know it. */
  account(accountId: string): Promise<Versioned<AccountState> | null>;
  school(schoolId: string): Promise<Versioned<SchoolState> | null>;
  /** Every account / school of a district, page by page. */
  districtAccounts(districtId: string): AsyncGenerator<Versioned<AccountState>[]>;
  districtSchools(districtId: string): AsyncGenerator<Versioned<SchoolState>[]>;
}

export const IDENTITY_STATE_SOURCE = Symbol('IDENTITY_STATE_SOURCE');

/** The system caller name classes signs its internal tokens to identity with. */
export const CLASSES_CALLER = 'classes';

/**
 * Identity is unreachable or answered 5xx: the dead letter is fine, identity is not (yet). `transient`
 * asks the inbox to retry it without counting it as poison (libs/messaging's failure classification).
 */
export class IdentityUnavailableError extends Error {
  readonly transient = true;
  readonly code = 'IDENTITY_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdentityUnavailableError';
  }
}

export interface IdentityStateHttpOptions {
  /** identity's internal API base (IDENTITY_URL), e.g. `http://identity:3000`. */
  baseUrl: string;
  /** INTERNAL_AUTH_SECRET: tokens signed as the system caller `classes`, audience `identity`. */
  secret: string;
  timeoutMs?: number;
  pageSize?: number;
}

/** {@link IdentityStateSource} over identity's internal HTTP API. */
export class IdentityStateHttpClient implements IdentityStateSource {
  private readonly base: string;

  constructor(private readonly options: IdentityStateHttpOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  account(accountId: string): Promise<Versioned<AccountState> | null> {
    return this.getOne(`/state/accounts/${encodeURIComponent(accountId)}`, accountStateAnswer);
  }

  school(schoolId: string): Promise<Versioned<SchoolState> | null> {
    return this.getOne(`/state/schools/${encodeURIComponent(schoolId)}`, schoolStateAnswer);
  }

  districtAccounts(districtId: string): AsyncGenerator<Versioned<AccountState>[]> {
    return this.pages(`/state/districts/${encodeURIComponent(districtId)}/accounts`, accountStatePage);
  }

  districtSchools(districtId: string): AsyncGenerator<Versioned<SchoolState>[]> {
    return this.pages(`/state/districts/${encodeURIComponent(districtId)}/schools`, schoolStatePage);
  }

  private async getOne<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S> | null> {
    const res = await this.fetch(path);
    if (res.status === 404) return null;
    return this.body(res, path, schema);
  }

  private async *pages<T>(path: string, schema: z.ZodType<{ data: T[]; nextCursor: string | null }>): AsyncGenerator<T[]> {
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ limit: String(this.options.pageSize ?? 500) });
      if (cursor) query.set('cursor', cursor);
      const res = await this.fetch(`${path}?${query}`);
      // An unknown district (or one identity never had) has nothing to re-read.
      if (res.status === 404) return;
      const page = await this.body(res, path, schema);
      yield page.data;
      cursor = page.nextCursor;
    } while (cursor);
  }

  private async fetch(path: string): Promise<Response> {
    try {
      return await fetch(`${this.base}/internal/v1${path}`, {
        headers: { [INTERNAL_TOKEN_HEADER]: signInternalToken({ kind: 'system', name: CLASSES_CALLER }, 'identity', this.options.secret), accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        redirect: 'manual',
      });
    } catch (error) {
      throw new IdentityUnavailableError(`identity is not reachable (${(error as Error).message})`, { cause: error });
    }
  }

  private async body<S extends z.ZodType>(res: Response, path: string, schema: S): Promise<z.output<S>> {
    const route = path.split('?')[0].replace(/\/[0-9a-f-]{36}/gi, '/{id}');
    if (res.status >= 500) throw new IdentityUnavailableError(`identity answered ${res.status} on ${route}`);
    if (res.status !== 200) throw new Error(`identity answered ${res.status} on ${route}`);
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new Error(`identity's answer on ${route} breaks its contract`);
    return parsed.data;
  }
}
