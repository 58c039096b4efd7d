import { HttpException } from '@nestjs/common';
import { ProblemError } from '@roster/problems';
import { retryAfterOf, toProblem } from './problem-details.filter';

describe('toProblem (the HTTP edge)', () => {
  it('never exposes an unexpected error', () => {
    const p = toProblem(new Error('connection string postgres://secret@db')).toJSON();
    expect(p).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(p)).not.toContain('secret');
  });

  it('maps body-parser and Nest errors to stable codes', () => {
    expect(toProblem({ status: 400, type: 'entity.parse.failed' }).code).toBe('MALFORMED_JSON');
    expect(toProblem({ status: 413, type: 'entity.too.large' }).code).toBe('PAYLOAD_TOO_LARGE');
    expect(toProblem(new HttpException('nope', 404)).code).toBe('NOT_FOUND');
  });
});

describe('toProblem: an unreachable database is 503, never 500', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
  const wrapped = Object.assign(new Error('driver failed'), { name: 'DriverException', previous: shutdown });
  const poolTimeout = new Error('timeout exceeded when trying to connect');
  const connectionClass = Object.assign(new Error('connection failure'), { code: '08006' });

  it.each([
    ['connection refused', refused],
    ['admin shutdown (57P01)', shutdown],
    ['a MikroORM exception wrapping it', wrapped],
    ['a pool acquire timeout', poolTimeout],
    ['SQLSTATE class 08', connectionClass],
    ['a ConnectionException', Object.assign(new Error('x'), { name: 'ConnectionException' })],
  ])('%s → 503 SERVICE_UNAVAILABLE with a retry hint', (_, error) => {
    const p = toProblem(error);
    expect(p).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(retryAfterOf(p)).toBeGreaterThanOrEqual(1);
  });

  it('a query that reached the server and failed stays 500 INTERNAL', () => {
    expect(toProblem(Object.assign(new Error('duplicate key value'), { code: '23505' })).status).toBe(500);
    expect(toProblem(Object.assign(new Error('deadlock detected'), { code: '40P01' })).status).toBe(500);
  });

  it('Retry-After comes from the problem when it says so, else the default', () => {
    expect(retryAfterOf(new ProblemError(503, 'SERVICE_UNAVAILABLE', 'x', undefined, { retryAfterSeconds: 30 }))).toBe(30);
    expect(retryAfterOf(new ProblemError(503, 'SERVICE_UNAVAILABLE', 'x', undefined, { retryAfterSeconds: 'soon' }))).toBe(5);
  });
});
