import { apiControllers } from '../controllers';
import { API_PREFIX } from './endpoint';
import { buildOpenApiDocument, endpointsOf } from './openapi';

type Operation = { operationId: string; security: unknown[]; responses: Record<string, unknown>; parameters?: { name: string; in: string }[]; requestBody?: unknown };

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument(apiControllers) as { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
  const specs = endpointsOf(apiControllers);

  it('lists every endpoint once, with a unique operation id', () => {
    expect(doc.openapi).toBe('3.1.0');
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(listed.sort()).toEqual(specs.map((s) => `${s.method} ${API_PREFIX}${s.path}`).sort());
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    // The brief's route list, all present.
    for (const route of [
      'GET /me', 'POST /auth/dev-login', 'GET /auth/dev-users', 'GET /auth/clever/login', 'GET /auth/clever/callback', 'POST /auth/token', 'POST /auth/logout',
      'GET /districts/{id}/sync', 'POST /districts/{id}/sync', 'POST /districts/{id}/sync/runs/{runId}/approve', 'POST /districts/{id}/sync/runs/{runId}/reject',
      'GET /districts/{id}/summary', 'PATCH /districts/{id}/settings', 'GET /schools', 'GET /accounts', 'GET /accounts/{id}',
      'GET /schools/{id}/available-students', 'GET /courses', 'GET /classes', 'POST /classes', 'GET /classes/{id}', 'PATCH /classes/{id}',
      'POST /classes/{id}/archive', 'GET /classes/{id}/enrollments', 'POST /classes/{id}/enrollments', 'DELETE /classes/{id}/enrollments/{studentId}',
      'POST /placements', 'GET /students/{id}/placements', 'GET /audit',
    ]) {
      const [method, path] = route.split(' ');
      expect(doc.paths[API_PREFIX + path]?.[method.toLowerCase()]).toBeDefined();
    }
  });

  it('describes parameters, bodies, problems and security', () => {
    const listAccounts = doc.paths[`${API_PREFIX}/accounts`].get;
    expect(listAccounts.parameters?.map((p) => p.name)).toEqual(['schoolId', 'role', 'status', 'q', 'cleverId', 'cursor', 'limit']);
    expect(listAccounts.security).toEqual([{ session: [] }, { bearer: [] }]);
    expect(Object.keys(listAccounts.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '429', '503']));
    const enroll = doc.paths[`${API_PREFIX}/classes/{id}/enrollments`].post;
    expect(enroll.requestBody).toBeDefined();
    expect(enroll.parameters?.[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    expect(doc.paths[`${API_PREFIX}/auth/dev-login`].post.security).toEqual([]);
    expect(doc.paths[`${API_PREFIX}/auth/token`].post.security).toEqual([{ session: [] }]);
    expect(Object.keys(doc.paths[`${API_PREFIX}/classes/{id}/enrollments/{studentId}`].delete.responses)).toContain('204');
    const json = JSON.stringify(doc);
    expect(json).not.toContain('#/$defs/');
    for (const ref of json.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas[ref[1]]).toBeDefined();
    expect(doc.components.schemas).toHaveProperty('Problem');
    expect(doc.components.schemas).toHaveProperty('Account');
  });

  it('gives every named schema its definition, never a reference to itself (validators refuse the cycle)', () => {
    const selfReferences = Object.entries(doc.components.schemas)
      .filter(([name, schema]) => (schema as { $ref?: string }).$ref === `#/components/schemas/${name}`)
      .map(([name]) => name);
    expect(selfReferences).toEqual([]);
    expect(doc.components.schemas.Problem).toMatchObject({ type: 'object', properties: expect.objectContaining({ code: expect.anything() }) });
  });
});
