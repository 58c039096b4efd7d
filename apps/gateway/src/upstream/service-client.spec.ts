import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { verifyInternalToken, type Caller } from '@roster/authz';
import { ProblemError } from '@roster/problems';
import { createLogger } from '@roster/observability';
import { z } from 'zod';
import { InternalTokens, INTERNAL_TOKEN_REUSE_MS, path, ServiceClient } from './service-client';

/**
 * The gateway's HTTP client against a tiny local HTTP server standing in for a service (the real
 * services are exercised by gateway.int-spec.ts): status and problem mapping, headers, timeouts.
 */
describe('ServiceClient', () => {
  const secret = 'internal-secret-for-tests-000000000';
  const logger = createLogger('gateway', { level: 'silent' });
  const caller: Caller = {
    kind: 'user',
    principal: { accountId: randomUUID(), districtId: randomUUID(), cleverDistrictId: 'cd', roles: ['teacher'], schools: [] },
  };
  let server: Server;
  let base: string;
  let last: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string } | undefined;
  let reply: (res: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        last = { method: req.method, url: req.url, headers: req.headers, body };
        reply(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const send = (status: number, body: string, type = 'application/json') => (res: ServerResponse) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  const client = () => new ServiceClient('classes', base, secret, logger, 2_000);
  const failure = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      return error as ProblemError;
    }
    throw new Error('expected a failure');
  };

  const anyBody = z.unknown();
  const created = z.object({ id: z.string() });

  it('sends a fresh internal token for its audience, the query and the JSON body', async () => {
    reply = send(201, '{"id":"c1"}');
    const res = await client().call(caller, 'POST', path`/classes`, created, { query: { a: 'x y', b: undefined, c: 2 }, body: { name: 'A' } });
    expect(res).toEqual({ id: 'c1' });
    expect(last?.url).toBe('/internal/v1/classes?a=x+y&c=2');
    expect(last?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(last!.body)).toEqual({ name: 'A' });
    expect(verifyInternalToken(String(last?.headers['x-internal-token']), 'classes', secret)).toEqual(caller);
    reply = send(204, '');
    await expect(client().send(caller, 'DELETE', path`/x`)).resolves.toBeUndefined();
  });

  it('encodes every path parameter as one segment and refuses dot segments', async () => {
    reply = send(200, '{}');
    await client().get(caller, path`/districts/${'a/b?c=d#e'}/sync/runs/${'%2e%2e'}/approve`, anyBody);
    expect(last?.url).toBe('/internal/v1/districts/a%2Fb%3Fc%3Dd%23e/sync/runs/%252e%252e/approve');
    last = undefined;
    for (const bad of ['..', '.', '']) {
      expect(await failure((async () => client().call(caller, 'POST', path`/districts/d/sync/runs/${bad}/approve`, anyBody))())).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    }
    expect(last).toBeUndefined(); // nothing was sent
    expect(path`/classes/${'x'}/enrollments/${'y'}`.route).toBe('/classes/{}/enrollments/{}');
  });

  it('parses the body with the route\'s contract: undeclared keys dropped, a mismatch is 502 UPSTREAM_CONTRACT_VIOLATION logged without values', async () => {
    reply = send(200, '{"id":"c1","secret":"x"}');
    expect(await client().get(caller, path`/classes/${'c1'}`, created)).toEqual({ id: 'c1' });
    const lines: string[] = [];
    const logged = createLogger('gateway', { level: 'error', destination: { write: (line: string) => lines.push(line) } });
    reply = send(200, '{"id":918273645,"name":"Ada Lovelace"}');
    const problem = await failure(new ServiceClient('classes', base, secret, logged, 2_000).get(caller, path`/classes/${'c1'}`, created));
    expect(problem).toMatchObject({ status: 502, code: 'UPSTREAM_CONTRACT_VIOLATION' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ event: 'upstream.contract_violation', service: 'classes', route: '/classes/{}', issues: [{ path: 'id', code: 'invalid_type' }] });
    expect(lines[0]).not.toContain('918273645'); // a value unlikely to appear by chance (the line carries a timestamp)
    expect(lines[0]).not.toContain('Ada');
    reply = send(200, '');
    expect(await failure(client().get(caller, path`/x`, created))).toMatchObject({ status: 502, code: 'UPSTREAM_INVALID_RESPONSE' });
  });

  it('passes a service problem through with its status, (namespaced) code and extra fields; drops a detail naming internal routes', async () => {
    reply = send(409, JSON.stringify({ type: 't', title: 'Conflict', status: 409, code: 'INGESTION.SYNC_ALREADY_RUNNING', detail: 'busy', instance: '/internal/v1/x', runId: 'r1' }), 'application/problem+json');
    const problem = await failure(client().get(caller, path`/x`, anyBody));
    expect(problem).toBeInstanceOf(ProblemError);
    expect(problem.status).toBe(409);
    expect(problem.toJSON('/api/v1/x')).toMatchObject({ title: 'Conflict', status: 409, code: 'INGESTION.SYNC_ALREADY_RUNNING', detail: 'busy', instance: '/api/v1/x', runId: 'r1' });
    reply = send(404, JSON.stringify({ type: 't', title: 'Not found', status: 404, code: 'NOT_FOUND', detail: 'Cannot POST /internal/v1/districts/x/nope' }), 'application/problem+json');
    const hidden = await failure(client().get(caller, path`/x`, anyBody));
    expect(hidden.toJSON('/api/v1/x')).not.toHaveProperty('detail');
  });

  it('maps a refused internal token to 502, and a non-problem 5xx, an unreachable or a slow service to 503', async () => {
    reply = send(401, JSON.stringify({ code: 'INTERNAL_TOKEN_BAD_SIGNATURE', status: 401, title: 'x' }), 'application/problem+json');
    expect(await failure(client().get(caller, path`/x`, anyBody))).toMatchObject({ status: 502, code: 'UPSTREAM_AUTH_REJECTED' });
    reply = send(502, '<html>bad gateway</html>', 'text/html');
    expect(await failure(client().get(caller, path`/x`, anyBody))).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    reply = send(404, 'nope', 'text/plain');
    expect(await failure(client().get(caller, path`/x`, anyBody))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    reply = send(200, 'not json', 'text/plain');
    expect(await failure(client().get(caller, path`/x`, anyBody))).toMatchObject({ status: 502, code: 'UPSTREAM_INVALID_RESPONSE' });
    reply = () => undefined; // never answers
    expect(await failure(new ServiceClient('classes', base, secret, logger, 200).get(caller, path`/x`, anyBody))).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(await failure(new ServiceClient('identity', 'http://127.0.0.1:1', secret, logger).get(caller, path`/x`, anyBody))).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it('reuses an internal token only for the very principal object and audience it was signed for, for at most 15 s', () => {
    let now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const tokens = new InternalTokens(secret);
      const principal = (caller as Extract<Caller, { kind: 'user' }>).principal;
      const first = tokens.for(caller, 'classes');
      expect(verifyInternalToken(first, 'classes', secret)).toEqual(caller);
      // Another Caller wrapper of the same principal object (asUser builds one per call): the same token.
      expect(tokens.for({ kind: 'user', principal }, 'classes')).toBe(first);
      // Another account, another audience: their own tokens.
      const other: Caller = { kind: 'user', principal: { ...principal, accountId: randomUUID() } };
      expect(verifyInternalToken(tokens.for(other, 'classes'), 'classes', secret)).toEqual(other);
      expect(() => verifyInternalToken(tokens.for(caller, 'identity'), 'classes', secret)).toThrow();
      // The same account re-resolved (a new principal object, here without its schools) never gets the old token.
      const changed: Caller = { kind: 'user', principal: { ...principal, roles: ['teacher'], schools: [] } };
      expect(verifyInternalToken(tokens.for(changed, 'classes'), 'classes', secret)).toEqual(changed);
      // System callers by name.
      const system = tokens.for({ kind: 'system', name: 'gateway' }, 'identity');
      expect(tokens.for({ kind: 'system', name: 'gateway' }, 'identity')).toBe(system);
      expect(verifyInternalToken(tokens.for({ kind: 'system', name: 'other' }, 'identity'), 'identity', secret)).toEqual({ kind: 'system', name: 'other' });
      // Re-signed once the reuse time is over (a later iat).
      now += INTERNAL_TOKEN_REUSE_MS;
      const later = tokens.for(caller, 'classes');
      expect(later).not.toBe(first);
      expect(verifyInternalToken(later, 'classes', secret)).toEqual(caller);
    } finally {
      clock.mockRestore();
    }
  });

  it('sends a GET again, once, on a new connection when a kept-alive one turns out to be closed by the service', async () => {
    // Answers the first request of each connection (keep-alive) and resets the connection on the next one.
    const requests: number[] = [];
    const sockets = new Set<import('node:net').Socket>();
    const tcp = createTcpServer((socket) => {
      sockets.add(socket);
      let seen = 0;
      socket.on('data', () => {
        requests.push(++seen);
        if (seen > 1) return socket.resetAndDestroy();
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nconnection: keep-alive\r\n\r\n{"id":"c1"}');
      });
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    try {
      const c = new ServiceClient('classes', `http://127.0.0.1:${(tcp.address() as AddressInfo).port}`, secret, logger, 2_000);
      expect(await c.get(caller, path`/x`, created)).toEqual({ id: 'c1' });
      expect(await c.get(caller, path`/x`, created)).toEqual({ id: 'c1' });
      expect(requests).toEqual([1, 2, 1]); // the reused connection was reset, the GET answered on a new one
      // Not a GET: not sent twice (the service may have acted on it), 503.
      expect(await c.get(caller, path`/x`, created)).toEqual({ id: 'c1' }); // a pooled connection again
      expect(await failure(c.call(caller, 'POST', path`/x`, created))).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(requests).toEqual([1, 2, 1, 1, 2]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    }
  });
});
