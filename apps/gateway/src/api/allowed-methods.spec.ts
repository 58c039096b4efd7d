import { apiControllers } from '../controllers';
import { allowedMethods } from './allowed-methods';
import { endpointsOf } from './openapi';

describe('allowedMethods (405 for a declared route called with another method)', () => {
  const middleware = allowedMethods(endpointsOf(apiControllers));
  const call = (method: string, path: string) => {
    const answer: { status?: number; headers: Record<string, string>; body?: Record<string, unknown>; passed: boolean } = { headers: {}, passed: false };
    const res = {
      status(code: number) {
        answer.status = code;
        return res;
      },
      setHeader(name: string, value: string) {
        answer.headers[name] = value;
      },
      send(body: string) {
        answer.body = JSON.parse(body) as Record<string, unknown>;
      },
    };
    middleware({ method, path }, res, () => {
      answer.passed = true;
    });
    return answer;
  };

  it('passes a declared method, HEAD of a GET route, OPTIONS and unknown paths through', () => {
    expect(call('GET', '/classes').passed).toBe(true);
    expect(call('POST', '/classes').passed).toBe(true);
    expect(call('HEAD', '/classes/5b8d7b5e-1c1a-4f7e-9a64-0b7b3c1e2d3f').passed).toBe(true);
    expect(call('OPTIONS', '/classes').passed).toBe(true);
    expect(call('TRACE', '/no-such-route').passed).toBe(true);
  });

  it('answers another method with 405 problem+json and the Allow header', () => {
    const trace = call('TRACE', '/classes');
    expect(trace).toMatchObject({ passed: false, status: 405, headers: { allow: 'GET, HEAD, POST', 'content-type': 'application/problem+json' } });
    expect(trace.body).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED', instance: '/api/v1/classes' });
    expect(call('PUT', '/classes/5b8d7b5e-1c1a-4f7e-9a64-0b7b3c1e2d3f')).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD, PATCH' } });
    expect(call('GET', '/districts/5b8d7b5e-1c1a-4f7e-9a64-0b7b3c1e2d3f/sync/runs/5b8d7b5e-1c1a-4f7e-9a64-0b7b3c1e2d3f/approve')).toMatchObject({ status: 405, headers: { allow: 'POST' } });
  });
});
