// The public API client (`/api/v1`). The session is an HttpOnly cookie set by the gateway; this module
// never sees a token. Errors are RFC 9457 problems with a stable `code`, surfaced as ApiError.

const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(status, problem) {
    const p = problem && typeof problem === 'object' ? problem : {};
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

let unauthorizedHandler = null;

/** Called when a request answers 401 (the session ended): the app shows the sign-in screen. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

function buildUrl(path, query) {
  const url = new URL(BASE + path, window.location.origin);
  if (query) {
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue;
      url.searchParams.set(key, String(value));
    }
  }
  return url.pathname + url.search;
}

async function request(method, path, { query, body, quiet401 = false } = {}) {
  const headers = { accept: 'application/json, application/problem+json' };
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

const get = (path, query, opts) => request('GET', path, { query, ...opts });
const post = (path, body) => request('POST', path, { body: body ?? {} });
const patch = (path, body) => request('PATCH', path, { body });
const del = (path) => request('DELETE', path);
const seg = encodeURIComponent;

/** Follows `nextCursor` until the list ends (for short reference lists: schools, teachers). */
async function all(path, query, max = 5000) {
  const items = [];
  let cursor;
  do {
    const page = await get(path, { ...query, cursor, limit: 500 });
    items.push(...listOf(page));
    cursor = page && page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

/** Lists are `{data, nextCursor}`; tolerate a bare array. */
export function listOf(page) {
  if (Array.isArray(page)) return page;
  return (page && Array.isArray(page.data) && page.data) || [];
}

export const api = {
  // Session
  me: () => get('/me', undefined, { quiet401: true }),
  devUsers: () => get('/auth/dev-users', undefined, { quiet401: true }),
  devLogin: (accountId) => request('POST', '/auth/dev-login', { body: { accountId }, quiet401: true }),
  logout: () => post('/auth/logout'),
  cleverLoginUrl: `${BASE}/auth/clever/login`,

  // Reference data
  schools: () => all('/schools'),
  courses: () => get('/courses').then(listOf),

  // People
  accounts: (query) => get('/accounts', query),
  allAccounts: (query) => all('/accounts', query),
  account: (id) => get(`/accounts/${seg(id)}`),
  availableStudents: (schoolId, query) => get(`/schools/${seg(schoolId)}/available-students`, query),

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
  placements: (studentId) => get(`/students/${seg(studentId)}/placements`).then(listOf),

  // District (district admins)
  sync: (districtId) => get(`/districts/${seg(districtId)}/sync`),
  syncNow: (districtId) => post(`/districts/${seg(districtId)}/sync`),
  approveRun: (districtId, runId) => post(`/districts/${seg(districtId)}/sync/runs/${seg(runId)}/approve`),
  rejectRun: (districtId, runId) => post(`/districts/${seg(districtId)}/sync/runs/${seg(runId)}/reject`),
  summary: (districtId) => get(`/districts/${seg(districtId)}/summary`),
  settings: (districtId) => get(`/districts/${seg(districtId)}/settings`),
  updateSettings: (districtId, body) => patch(`/districts/${seg(districtId)}/settings`, body),

  // Activity
  audit: (cursor) => get('/audit', { cursor }),
};
