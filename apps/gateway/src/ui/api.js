// The public API client (`/api/v1`). The session is an HttpOnly cookie set by the gateway; this module
// never sees a token. Errors are RFC 9457 problems with a stable `code`, surfaced as ApiError.

/** @typedef {import('./types.js').Api} Api */
/** @typedef {import('./types.js').Problem} Problem */
/** @typedef {import('./types.js').Query} Query */

const BASE = '/api/v1';

export class ApiError extends Error {
  /**
   * @param {number} status the HTTP status (0: the server could not be reached)
   * @param {unknown} problem the answer's body (a problem document when the server sent one)
   */
  constructor(status, problem) {
    const p = /** @type {Problem} */ (problem && typeof problem === 'object' ? problem : {});
    super(p.detail || p.title || `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.code = p.code || (status === 0 ? 'NETWORK_ERROR' : `HTTP_${status}`);
    this.title = p.title || '';
    this.detail = p.detail || '';
    this.errors = Array.isArray(p.errors) ? p.errors : [];
    this.problem = p;
  }
}

/** @type {((error: ApiError) => void) | null} */
let unauthorizedHandler = null;

/**
 * Called when a request answers 401 (the session ended): the app shows the sign-in screen.
 * @param {(error: ApiError) => void} handler
 */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

/**
 * The same-origin URL (path and query) of an API path.
 * @param {string} path
 * @param {Query} [query]
 */
export function buildUrl(path, query) {
  // only the path and query are used, so the base's origin does not matter (and tests need no window)
  const url = new URL(BASE + path, 'http://localhost');
  if (query) {
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue;
      url.searchParams.set(key, String(value));
    }
  }
  return url.pathname + url.search;
}

/**
 * @param {string} method
 * @param {string} path
 * @param {{ query?: Query, body?: unknown, quiet401?: boolean, headers?: Record<string, string> }} [options] `quiet401`: a 401 does not end the session; `headers`: extra request headers (e.g. Idempotency-Key)
 * @returns {Promise<any>} the JSON body (null for 204 or a body that is not JSON); rejects with an ApiError
 */
async function request(method, path, { query, body, quiet401 = false, headers: extra = {} } = {}) {
  /** @type {Record<string, string>} */
  const headers = { ...extra, accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { title: 'The server could not be reached. Check your connection and try again.' });
  }
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401 && !quiet401 && unauthorizedHandler) unauthorizedHandler(error);
    throw error;
  }
  return data;
}

/** @type {(path: string, query?: Query, opts?: { quiet401?: boolean }) => Promise<any>} */
const get = (path, query, opts) => request('GET', path, { query, ...opts });
/** @type {(path: string, body?: unknown) => Promise<any>} */
const post = (path, body) => request('POST', path, { body: body ?? {} });
/** @type {(path: string, body: unknown) => Promise<any>} */
const patch = (path, body) => request('PATCH', path, { body });
/** @type {(path: string) => Promise<any>} */
const del = (path) => request('DELETE', path);
const seg = encodeURIComponent;

/**
 * Follows `nextCursor` until the list ends (for short reference lists: schools, teachers).
 * @param {string} path
 * @param {Query} [query]
 * @param {number} [max] stops once this many items were read
 * @returns {Promise<any[]>}
 */
async function all(path, query, max = 5000) {
  /** @type {unknown[]} */
  const items = [];
  /** @type {string | undefined} */
  let cursor;
  do {
    const page = await get(path, { ...query, cursor, limit: 500 });
    items.push(...listOf(page));
    cursor = page && page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

/**
 * Lists are `{data, nextCursor}`; tolerate a bare array.
 * @template T
 * @param {import('./types.js').Page<T> | T[] | null | undefined} page
 * @returns {T[]}
 */
export function listOf(page) {
  if (Array.isArray(page)) return page;
  return (page && Array.isArray(page.data) && page.data) || [];
}

/** @type {Api} */
export const api = {
  // Session
  me: () => get('/me', undefined, { quiet401: true }),
  devUsers: () => get('/auth/dev-users', undefined, { quiet401: true }),
  devLogin: (accountId) => request('POST', '/auth/dev-login', { body: { accountId }, quiet401: true }),
  logout: () => post('/auth/logout'),
  cleverLoginUrl: `${BASE}/auth/clever/login`,

  // Reference data
  schools: () => all('/schools'),
  courses: () => get('/courses').then((page) => listOf(page)),

  // People
  accounts: (query) => get('/accounts', query),
  allAccounts: (query) => all('/accounts', query),
  account: (id) => get(`/accounts/${seg(id)}`),
  availableStudents: (schoolId, query) => get(`/schools/${seg(schoolId)}/available-students`, query),
  sections: (schoolId) => all(`/schools/${seg(schoolId)}/sections`),

  // Classes
  classes: (query) => all('/classes', query),
  createClass: (body) => post('/classes', body),
  getClass: (id) => get(`/classes/${seg(id)}`),
  updateClass: (id, body) => patch(`/classes/${seg(id)}`, body),
  archiveClass: (id) => post(`/classes/${seg(id)}/archive`),
  enrollments: (id, query) => get(`/classes/${seg(id)}/enrollments`, query),
  enroll: (id, studentIds, override) => post(`/classes/${seg(id)}/enrollments`, override ? { studentIds, override: true } : { studentIds }),
  unenroll: (id, studentId) => del(`/classes/${seg(id)}/enrollments/${seg(studentId)}`),

  // Placements
  recordPlacement: (body) => post('/placements', body),
  placements: (studentId) => get(`/students/${seg(studentId)}/placements`).then((page) => listOf(page)),

  // District (district admins)
  sync: (districtId) => get(`/districts/${seg(districtId)}/sync`),
  syncNow: (districtId) => post(`/districts/${seg(districtId)}/sync`),
  approveRun: (districtId, runId) => post(`/districts/${seg(districtId)}/sync/runs/${seg(runId)}/approve`),
  rejectRun: (districtId, runId) => post(`/districts/${seg(districtId)}/sync/runs/${seg(runId)}/reject`),
  previewSync: (districtId) => post(`/districts/${seg(districtId)}/sync/preview`),
  syncChanges: (districtId, runId, query) => get(`/districts/${seg(districtId)}/sync/runs/${seg(runId)}/changes`, query),
  summary: (districtId) => get(`/districts/${seg(districtId)}/summary`),
  settings: (districtId) => get(`/districts/${seg(districtId)}/settings`),
  updateSettings: (districtId, body) => patch(`/districts/${seg(districtId)}/settings`, body),
  sharingHealth: (districtId, afterDays) => get(`/districts/${seg(districtId)}/sharing-health`, { afterDays }),
  neverEnrolled: (districtId, query) => get(`/districts/${seg(districtId)}/sharing-health/never-enrolled`, query),
  schoolYears: (districtId) => get(`/districts/${seg(districtId)}/school-years`).then((page) => listOf(page)),
  previewRollover: (districtId, body) => post(`/districts/${seg(districtId)}/school-years/rollover/preview`, body),
  rollover: (districtId, body, idempotencyKey) =>
    request('POST', `/districts/${seg(districtId)}/school-years/rollover`, { body, headers: { 'idempotency-key': idempotencyKey } }),

  // Possible duplicates and merge (district admins)
  duplicateAccounts: (districtId, cursor) => get(`/districts/${seg(districtId)}/duplicate-accounts`, { cursor }),
  mergeAccount: (sourceId, intoAccountId) => post(`/accounts/${seg(sourceId)}/merge`, { intoAccountId }),

  // Activity
  audit: (cursor) => get('/audit', { cursor }),
};
