import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { verifyInternalToken, type Caller } from '@roster/authz';
import { ProblemError } from '@roster/problems';
import { createLogger } from '@roster/observability';
import { ServiceClient } from './service-client';

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

  it('sends a fresh internal token for its audience, the query and the JSON body', async () => {
    reply = send(201, '{"id":"c1"}');
    const res = await client().call(caller, 'POST', '/classes', { query: { a: 'x y', b: undefined, c: 2 }, body: { name: 'A' } });
    expect(res).toEqual({ status: 201, body: { id: 'c1' } });
    expect(last?.url).toBe('/internal/v1/classes?a=x+y&c=2');
    expect(last?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(last!.body)).toEqual({ name: 'A' });
    expect(verifyInternalToken(String(last?.headers['x-internal-token']), 'classes', secret)).toEqual(caller);
    reply = send(204, '');
    expect((await client().call(caller, 'DELETE', '/x')).body).toBeUndefined();
  });

  it('passes a service problem through with its status, code and extra fields', async () => {
    reply = send(409, JSON.stringify({ type: 't', title: 'Conflict', status: 409, code: 'SYNC_ALREADY_RUNNING', detail: 'busy', instance: '/internal/v1/x', runId: 'r1' }), 'application/problem+json');
    const problem = await failure(client().get(caller, '/x'));
    expect(problem).toBeInstanceOf(ProblemError);
    expect(problem.status).toBe(409);
    expect(problem.toJSON('/api/v1/x')).toEqual({ type: 'https://roster.dev/problems/sync-already-running', title: 'Conflict', status: 409, code: 'SYNC_ALREADY_RUNNING', detail: 'busy', instance: '/api/v1/x', runId: 'r1' });
  });

  it('maps a refused internal token to 502, and a non-problem 5xx, an unreachable or a slow service to 503', async () => {
    reply = send(401, JSON.stringify({ code: 'INTERNAL_TOKEN_BAD_SIGNATURE', status: 401, title: 'x' }), 'application/problem+json');
    expect(await failure(client().get(caller, '/x'))).toMatchObject({ status: 502, code: 'UPSTREAM_AUTH_REJECTED' });
    reply = send(502, '<html>bad gateway</html>', 'text/html');
    expect(await failure(client().get(caller, '/x'))).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    reply = send(404, 'nope', 'text/plain');
    expect(await failure(client().get(caller, '/x'))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    reply = send(200, 'not json', 'text/plain');
    expect(await failure(client().get(caller, '/x'))).toMatchObject({ status: 502, code: 'UPSTREAM_INVALID_RESPONSE' });
    reply = () => undefined; // never answers
    expect(await failure(new ServiceClient('classes', base, secret, logger, 200).get(caller, '/x'))).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(await failure(new ServiceClient('identity', 'http://127.0.0.1:1', secret, logger).get(caller, '/x'))).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });
});
