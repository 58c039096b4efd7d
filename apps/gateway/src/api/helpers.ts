import { enforce, schoolAccess, type Caller, type Principal } from '@roster/authz';
import { schoolSchema } from '@roster/internal-api';
import { path, type Upstreams } from '../upstream/service-client';

/** The internal-token caller for a signed-in user. */
export const asUser = (principal: Principal): Caller => ({ kind: 'user', principal });

/**
 * A school named by the caller (path or filter) must be one they can see (the shared policy). For a
 * district admin the gateway cannot tell from the principal (`upstream`), so identity answers with the
 * same policy (404 IDENTITY.SCHOOL_NOT_FOUND for another district's school).
 */
export async function ensureSchoolVisible(upstreams: Upstreams, principal: Principal, schoolId: string): Promise<void> {
  const decision = schoolAccess(principal, { schoolId });
  enforce(decision);
  if (decision.allowed && decision.upstream) await upstreams.identity.get(asUser(principal), path`/schools/${schoolId}`, schoolSchema);
}

/** Every public list answers `{data, nextCursor}`, also where a service answers `{data}` only. */
export function asPage<T>(body: { data: T[]; nextCursor?: string | null }): { data: T[]; nextCursor: string | null } {
  return { data: body.data, nextCursor: body.nextCursor ?? null };
}
