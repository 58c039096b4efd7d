import { DomainError } from '@roster/problems';
import { adminSchoolIds, isDistrictAdmin, isStaff, staffSchoolIds, type Principal } from './principal';
import type { Caller } from './internal-token';

/**
 * The one authorization policy (ARCHITECTURE.md §6), asked by the gateway and by every service:
 * "may this principal see / act on this district, school, class, student?" Pure: no framework, no I/O;
 * the caller loads the resource's owner ids and asks.
 *
 * - A resource outside the caller's scope does not exist for them: **404** with the same code an unknown
 *   id gets (so existence never leaks across districts or schools).
 * - Inside the scope but not permitted: **403** with an `ACCESS.*` code naming what is missing.
 * - `upstream` (gateway only): the gateway cannot tell from the principal alone whether a resource is in
 *   scope (a district admin naming a school id); the owning service asks the policy again with the
 *   resource's district and answers.
 */
export type Decision = { allowed: true; upstream?: boolean } | { allowed: false; status: 403 | 404; code: string; detail: string };

/** 404 codes per resource kind, owned by the service that owns the resource. */
export const NOT_FOUND = {
  district: 'IDENTITY.DISTRICT_NOT_FOUND',
  school: 'IDENTITY.SCHOOL_NOT_FOUND',
  account: 'IDENTITY.ACCOUNT_NOT_FOUND',
  class: 'CLASSES.CLASS_NOT_FOUND',
  run: 'INGESTION.RUN_NOT_FOUND',
} as const;
export type ResourceKind = keyof typeof NOT_FOUND;

const RESOURCE_TITLE: Record<ResourceKind, string> = { district: 'District', school: 'School', account: 'Account', class: 'Class', run: 'Sync run' };

/** 403 codes: in scope, but the caller lacks what the action needs. */
export const FORBIDDEN = {
  staffOnly: 'ACCESS.STUDENT_NO_ACCESS',
  districtAdmin: 'ACCESS.DISTRICT_ADMIN_REQUIRED',
  schoolAdmin: 'ACCESS.SCHOOL_ADMIN_REQUIRED',
  usersOnly: 'ACCESS.USERS_ONLY',
  systemOnly: 'ACCESS.SYSTEM_ONLY',
  operatorOnly: 'ACCESS.OPERATOR_ONLY',
} as const;

const ALLOW: Decision = { allowed: true };
const UPSTREAM: Decision = { allowed: true, upstream: true };
const hidden = (kind: ResourceKind): Decision => ({ allowed: false, status: 404, code: NOT_FOUND[kind], detail: `no such ${RESOURCE_TITLE[kind].toLowerCase()}` });
const refused = (code: string, detail: string): Decision => ({ allowed: false, status: 403, code, detail });

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const inList = (ids: 'all' | string[], id: string) => ids === 'all' || ids.some((s) => sameId(s, id));

/** Students get no admin API. */
export function adminApi(p: Principal): Decision {
  return isStaff(p) ? ALLOW : refused(FORBIDDEN.staffOnly, 'students have no access to the admin API');
}

/** A district-level resource: only the caller's own district exists for them. */
export function districtAccess(p: Principal, districtId: string, need: 'member' | 'admin' = 'member'): Decision {
  const api = adminApi(p);
  if (!api.allowed) return api;
  if (!sameId(districtId, p.districtId)) return hidden('district');
  if (need === 'admin' && !isDistrictAdmin(p)) return refused(FORBIDDEN.districtAdmin, 'only a district admin of this district may do this');
  return ALLOW;
}

/** The same question keyed by the district's Clever id (clever-ingestion's resources). */
export function cleverDistrictAccess(p: Principal, cleverDistrictId: string, need: 'member' | 'admin' = 'member'): Decision {
  const api = adminApi(p);
  if (!api.allowed) return api;
  if (cleverDistrictId !== p.cleverDistrictId) return hidden('district');
  return districtAccess(p, p.districtId, need);
}

/**
 * A school-level resource. A school admin or teacher sees only their schools (any other, in their district
 * or not, does not exist for them). A district admin sees every school of their district; when the
 * school's district is not known (the gateway), the owning service decides (`upstream`).
 */
export function schoolAccess(p: Principal, school: { schoolId: string; districtId?: string }, need: 'staff' | 'admin' = 'staff'): Decision {
  const api = adminApi(p);
  if (!api.allowed) return api;
  if (school.districtId !== undefined && !sameId(school.districtId, p.districtId)) return hidden('school');
  const ids = need === 'admin' ? adminSchoolIds(p) : staffSchoolIds(p);
  if (ids === 'all') return school.districtId === undefined ? UPSTREAM : ALLOW;
  if (inList(ids, school.schoolId)) return ALLOW;
  if (need === 'admin' && inList(staffSchoolIds(p), school.schoolId)) return refused(FORBIDDEN.schoolAdmin, 'only an admin of this school may do this');
  return hidden('school');
}

export interface ClassScope {
  districtId: string;
  schoolId: string;
  teacherIds: readonly string[];
}

/**
 * A class: admins of its school and its teachers may see it and act on it. Teachers see only the classes
 * they teach (ARCHITECTURE.md §6), so any other class does not exist for them: 404. An action that needs
 * a school admin (`need: 'admin'`) refuses the class's teachers with 403.
 */
export function classAccess(p: Principal, cls: ClassScope, need: 'teach' | 'admin' = 'teach'): Decision {
  const api = adminApi(p);
  if (!api.allowed) return api;
  if (!sameId(cls.districtId, p.districtId)) return hidden('class');
  if (inList(adminSchoolIds(p), cls.schoolId)) return ALLOW;
  if (cls.teacherIds.some((id) => sameId(id, p.accountId))) {
    return need === 'admin' ? refused(FORBIDDEN.schoolAdmin, 'only an admin of the school may do this') : ALLOW;
  }
  return hidden('class');
}

/** A student (or any account) is visible to staff of one of its schools, and to its district's admins. */
export function accountAccess(p: Principal, account: { districtId: string; schoolIds: readonly string[] }): Decision {
  const api = adminApi(p);
  if (!api.allowed) return api;
  if (!sameId(account.districtId, p.districtId)) return hidden('account');
  const ids = staffSchoolIds(p);
  if (ids === 'all' || account.schoolIds.some((s) => inList(ids, s))) return ALLOW;
  return hidden('account');
}

/** The audit log: district admins (whole district) and school admins (entries of their schools). */
export function auditAccess(p: Principal, districtId?: string): Decision {
  const api = adminApi(p);
  if (!api.allowed) return api;
  if (districtId !== undefined && !sameId(districtId, p.districtId)) return hidden('district');
  const ids = adminSchoolIds(p);
  if (ids === 'all' || ids.length > 0) return ALLOW;
  return refused(FORBIDDEN.schoolAdmin, 'the audit log is for district and school admins');
}

/** Endpoints that answer users only (system callers have no principal to scope by). */
export function userCaller(caller: Caller): { allowed: true; principal: Principal } | Extract<Decision, { allowed: false }> {
  if (caller.kind === 'user') return { allowed: true, principal: caller.principal };
  return { allowed: false, status: 403, code: FORBIDDEN.usersOnly, detail: 'this endpoint answers users only' };
}

/** Endpoints for the platform itself (sign-in look-ups, operators' tools), named system callers only. */
export function systemCaller(caller: Caller, allowed: readonly string[]): Decision {
  if (caller.kind === 'system' && allowed.includes(caller.name)) return ALLOW;
  return refused(FORBIDDEN.systemOnly, 'only the platform may call this endpoint');
}

/**
 * Platform operators' endpoints (the district purge): an operator token only (`signOperatorToken`). No user,
 * not even a district admin, and no system caller (the gateway's tokens) may reach them.
 */
export function operatorCaller(caller: Caller): Decision {
  if (caller.kind === 'operator') return ALLOW;
  return refused(FORBIDDEN.operatorOnly, 'only a platform operator may call this endpoint');
}

/** The refusal as the error a handler throws (the edge renders it as problem+json). */
export function denial(decision: Extract<Decision, { allowed: false }>): DomainError {
  return new DomainError(decision.status === 404 ? 'not_found' : 'forbidden', decision.code, decision.detail);
}

/** Throws the decision's refusal; returns when allowed. */
export function enforce(decision: Decision): void {
  if (!decision.allowed) throw denial(decision);
}

/** Enforces `userCaller` and returns the principal. */
export function requireUser(caller: Caller): Principal {
  const d = userCaller(caller);
  if (!d.allowed) throw denial(d);
  return d.principal;
}

/** A staff principal (a user, not a student): the start of every admin-API use case. */
export function requireStaff(caller: Caller): Principal {
  const p = requireUser(caller);
  enforce(adminApi(p));
  return p;
}

/** The error for an id that does not exist (the same one an out-of-scope id gets). */
export function notFoundError(kind: ResourceKind): DomainError {
  return denial(hidden(kind) as Extract<Decision, { allowed: false }>);
}
