// Unit tests of the UI's API client against a stubbed fetch (no server, no DOM).
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { api, ApiError, buildUrl, listOf, onUnauthorized } from './api.js';

/** @typedef {{ status?: number, body?: unknown, type?: string }} Answer */

/** @type {{ url: string, init: RequestInit }[]} */
let calls = [];
/** @type {Answer[]} */
let answers = [];
const realFetch = globalThis.fetch;

/**
 * The fetch the client sees: records each call and answers the next queued answer (200 `{}` when none is queued).
 * @param {RequestInfo | URL} url
 * @param {RequestInit} [init]
 */
async function fakeFetch(url, init = {}) {
  calls.push({ url: String(url), init });
  const { status = 200, body = {}, type = 'application/json' } = answers.shift() ?? {};
  return new Response(status === 204 ? null : typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': type },
  });
}

beforeEach(() => {
  calls = [];
  answers = [];
  globalThis.fetch = fakeFetch;
});

afterEach(() => {
  globalThis.fetch = realFetch;
  onUnauthorized(() => {});
});

describe('buildUrl', () => {
  it('prefixes /api/v1 and leaves empty query values out', () => {
    expect(buildUrl('/classes', { schoolId: 's1', status: '', cursor: undefined, q: null, limit: 25, override: false })).toBe(
      '/api/v1/classes?schoolId=s1&limit=25&override=false',
    );
    expect(buildUrl('/me')).toBe('/api/v1/me');
  });
});

describe('requests', () => {
  it('sends same-origin JSON and answers the parsed body', async () => {
    answers.push({ body: { id: 'c1', name: 'Class' } });
    const cls = await api.createClass({ schoolId: 's1', name: 'Class' });
    expect(cls).toEqual({ id: 'c1', name: 'Class' });
    expect(calls).toHaveLength(1);
    const [{ url, init }] = calls;
    expect(url).toBe('/api/v1/classes');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(init.headers).toEqual({ accept: 'application/json, application/problem+json', 'content-type': 'application/json' });
    expect(JSON.parse(String(init.body))).toEqual({ schoolId: 's1', name: 'Class' });
  });

  it('encodes ids as path segments', async () => {
    await api.unenroll('a/b', 'c?d');
    expect(calls[0].url).toBe('/api/v1/classes/a%2Fb/enrollments/c%3Fd');
    expect(calls[0].init.method).toBe('DELETE');
    expect(calls[0].init.body).toBeUndefined();
  });

  it('sends override only when asked', async () => {
    await api.enroll('c1', ['s1', 's2'], false);
    await api.enroll('c1', ['s1'], true);
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ studentIds: ['s1', 's2'] });
    expect(JSON.parse(String(calls[1].init.body))).toEqual({ studentIds: ['s1'], override: true });
  });

  it('answers null for 204 and for a body that is not JSON', async () => {
    answers.push({ status: 204 }, { body: 'plain text', type: 'text/plain' });
    expect(await api.logout()).toBeNull();
    expect(await api.syncNow('d1')).toBeNull();
  });

  it('follows nextCursor for the reference lists', async () => {
    answers.push({ body: { data: [{ id: 's1' }], nextCursor: 'p2' } }, { body: { data: [{ id: 's2' }], nextCursor: null } });
    expect(await api.schools()).toEqual([{ id: 's1' }, { id: 's2' }]);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/schools?limit=500', '/api/v1/schools?cursor=p2&limit=500']);
  });

  it('reads the items of a list answer', async () => {
    answers.push({ body: { data: [{ id: 'p1' }] } });
    expect(await api.placements('st1')).toEqual([{ id: 'p1' }]);
  });
});

describe('errors', () => {
  it('turns a problem answer into an ApiError with its code', async () => {
    answers.push({
      status: 409,
      type: 'application/problem+json',
      body: { code: 'INGESTION.RUN_NOT_HELD', title: 'Conflict', detail: 'The run is not held', status: 'completed' },
    });
    const error = /** @type {ApiError} */ (await api.approveRun('d1', 'r1').catch((e) => e));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'INGESTION.RUN_NOT_HELD', title: 'Conflict', detail: 'The run is not held', errors: [], message: 'The run is not held' });
    expect(error.problem.status).toBe('completed');
  });

  it('names an answer without a problem by its status', async () => {
    answers.push({ status: 502, body: 'Bad gateway', type: 'text/html' });
    const error = await api.summary('d1').catch((e) => e);
    expect(error).toMatchObject({ status: 502, code: 'HTTP_502', message: 'Request failed (502)' });
  });

  it('reports an unreachable server as NETWORK_ERROR', async () => {
    globalThis.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const error = await api.courses().catch((e) => e);
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });

  it('tells the app when the session ended, except for the session probes', async () => {
    const handler = jest.fn();
    onUnauthorized(handler);
    answers.push({ status: 401, body: { code: 'UNAUTHENTICATED' } }, { status: 401, body: { code: 'UNAUTHENTICATED' } });
    await expect(api.me()).rejects.toMatchObject({ status: 401 });
    expect(handler).not.toHaveBeenCalled();
    await expect(api.getClass('c1')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0][0]).toBeInstanceOf(ApiError);
  });
});

describe('listOf', () => {
  it('reads {data}, a bare array, or nothing', () => {
    expect(listOf({ data: [1, 2] })).toEqual([1, 2]);
    expect(listOf([3])).toEqual([3]);
    expect(listOf(null)).toEqual([]);
    expect(listOf(/** @type {any} */ ({ data: 'nope' }))).toEqual([]);
  });
});
