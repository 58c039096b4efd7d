import type { Caller, Principal } from '@roster/authz';
import { ProblemError } from '@roster/problems';
import type { Page } from '@roster/problems';
import { schoolAccess, type ScopeDecision } from '../domain/scope';
import type { Upstreams } from '../upstream/service-client';

/** The internal-token caller for a signed-in user. */
export const asUser = (principal: Principal): Caller => ({ kind: 'user', principal });

/** Turns a refused scope decision into its problem (404 for what the caller cannot see, 403 for a missing role). */
export function enforce(decision: ScopeDecision): void {
  if (!decision.allow) throw new ProblemError(decision.status, decision.code, decision.status === 404 ? 'Not found' : 'Forbidden', decision.detail);
}

/**
 * A school named by the caller (path or filter) must be one they can see. For a district admin the
 * gateway cannot tell from the principal, so identity answers (404 for another district's school).
 */
export async function ensureSchoolVisible(upstreams: Upstreams, principal: Principal, schoolId: string): Promise<void> {
  const decision = schoolAccess(principal, schoolId);
  enforce(decision);
  if (decision.allow && decision.upstream) await upstreams.identity.get(asUser(principal), `/schools/${encodeURIComponent(schoolId)}`);
}

/** Every public list answers `{data, nextCursor}`, also where a service answers `{data}` only. */
export function asPage<T>(body: unknown): Page<T> {
  const b = (body ?? {}) as { data?: unknown; nextCursor?: unknown };
  return { data: Array.isArray(b.data) ? (b.data as T[]) : [], nextCursor: typeof b.nextCursor === 'string' && b.nextCursor ? b.nextCursor : null };
}

export const seg = (value: string) => encodeURIComponent(value);
