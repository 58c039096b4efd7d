// The session's rules, without the DOM: what the signed-in account may see (the server enforces it; the UI
// only hides what would be refused), which school the school-scoped screens show, and the hash routes.
// app.js holds the state and calls these.

/** @typedef {import('./types.js').Me} Me */
/** @typedef {import('./types.js').Scope} Scope */
/** @typedef {import('./types.js').School} School */
/** @typedef {import('./types.js').Course} Course */
/** @typedef {import('./types.js').Query} Query */

/**
 * @param {Me | null} me
 * @param {string} role
 */
export function hasRole(me, role) {
  return Boolean(me && Array.isArray(me.roles) && me.roles.includes(role));
}

/**
 * @param {Me | null} me
 * @returns {Scope | null}
 */
function scopeOf(me) {
  return (me && me.scope) || null;
}

/** @param {Me | null} me */
export function isDistrictAdmin(me) {
  const scope = scopeOf(me);
  return scope ? scope.districtAdmin === true : hasRole(me, 'district_admin');
}

/**
 * Staff (district admins, school admins, teachers) use the admin pages; students do not.
 * @param {Me | null} me
 */
export function isStaff(me) {
  const scope = scopeOf(me);
  return scope && typeof scope.adminApi === 'boolean' ? scope.adminApi : ['district_admin', 'school_admin', 'teacher'].some((role) => hasRole(me, role));
}

/**
 * An admin of the district or of at least one school.
 * @param {Me | null} me
 */
export function isAdmin(me) {
  if (isDistrictAdmin(me)) return true;
  const scope = scopeOf(me);
  return scope && Array.isArray(scope.adminSchools) ? scope.adminSchools.length > 0 : hasRole(me, 'school_admin');
}

/**
 * @param {Me | null} me
 * @param {string} schoolId
 */
export function isAdminOf(me, schoolId) {
  if (isDistrictAdmin(me)) return true;
  const scope = scopeOf(me);
  if (scope && scope.adminSchools) return scope.adminSchools === 'all' || scope.adminSchools.includes(schoolId);
  const membership = ((me && me.schools) || []).find((m) => m.schoolId === schoolId);
  return Boolean(membership && (membership.roles || []).includes('school_admin'));
}

/**
 * `GET /me` answers the account's fields with `district` and `scope`; an `{account, scope}` wrapper is accepted too.
 * @param {Awaited<ReturnType<import('./types.js').Api['me']>> | null} raw
 * @returns {Me | null}
 */
export function normalizeMe(raw) {
  if (raw && 'account' in raw && raw.account && typeof raw.account === 'object') return { ...raw.account, district: raw.district ?? null, scope: raw.scope ?? null };
  return /** @type {Me | null} */ (raw);
}

/**
 * @template {{ id: string }} T
 * @param {readonly T[]} items
 * @param {string} id
 * @returns {T | null}
 */
export function findById(items, id) {
  return items.find((item) => item.id === id) || null;
}

/**
 * A course's name for display.
 * @param {readonly Course[]} courses
 * @param {string | null | undefined} id
 */
export function courseName(courses, id) {
  if (!id) return 'No course';
  const course = findById(courses, id);
  return course ? course.name : 'Unknown course';
}

/**
 * The school the school-scoped screens show: the requested one (from the URL), else the current one, else
 * the last one used, else the account's primary school, else the first; only schools the session sees count.
 * @param {{ requested?: string | null, current?: string | null, remembered?: string | null, me: Me, schools: readonly School[] }} choice
 * @returns {string | null}
 */
export function chooseSchool({ requested, current, remembered, me, schools }) {
  const ids = new Set(schools.map((s) => s.id));
  const primary = (me.schools || []).find((s) => s.primary && ids.has(s.schoolId));
  const choice = [requested, current, remembered, primary && primary.schoolId, schools[0] && schools[0].id].find((id) => id && ids.has(id));
  return choice || null;
}

/**
 * The route of a location hash: "#/classes?school=1" → { path: '/classes', query: { school: '1' } }.
 * @param {string} hash
 * @returns {{ path: string, query: Record<string, string> }}
 */
export function parseHash(hash) {
  const raw = hash.replace(/^#/, '');
  const [path, search = ''] = raw.split('?');
  return { path: path || '/', query: Object.fromEntries(new URLSearchParams(search)) };
}

/**
 * The hash of a route; empty query values are left out.
 * @param {string} path
 * @param {Query} [query]
 */
export function hashOf(path, query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const search = params.toString();
  return `#${path}${search ? `?${search}` : ''}`;
}

/**
 * The code of a failed "Log in with Clever" (`/?signInError=CODE`) as the sign-in screen may show it: a
 * stable code (upper case, optionally namespaced as `IDENTITY.ACCOUNT_NOT_FOUND`), else SIGN_IN_FAILED.
 * @param {string | null} code
 * @returns {string | null}
 */
export function signInErrorCode(code) {
  if (!code) return null;
  return /^(?:[A-Z_]{1,32}\.)?[A-Z_]{1,64}$/.test(code) ? code : 'SIGN_IN_FAILED';
}
