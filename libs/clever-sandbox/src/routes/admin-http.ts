import { SandboxAdmin } from '../admin/admin-api';
import { FaultRule } from '../faults/faults';
import { JsonObject } from '../generator/records';
import { json, Reply } from '../http/reply';
import { MalformedKind, SandboxError } from '../store/sandbox-store';

/**
 * `/__sandbox/*`: the admin API over HTTP, one route per in-process operation.
 *
 *   GET    /__sandbox/districts                         list (id, name, token)
 *   POST   /__sandbox/districts                         {spec} → add a district
 *   GET    /__sandbox/districts/:d/counts
 *   POST   /__sandbox/districts/:d/token/revoke | /token/rotate
 *   POST   /__sandbox/districts/:d/malformed-users      {kind}
 *   POST   /__sandbox/districts/:d/students/:id/move    {schoolId}
 *   GET    /__sandbox/districts/:d/:collection?role=&limit=     sample ids
 *   POST   /__sandbox/districts/:d/:collection          {record fields} → create
 *   GET    /__sandbox/districts/:d/:collection/:id      {record, state}
 *   PATCH  /__sandbox/districts/:d/:collection/:id      patch (?replace=true swaps the record)
 *   DELETE /__sandbox/districts/:d/:collection/:id
 *   POST   /__sandbox/districts/:d/:collection/:id/unshare | /reshare
 *   GET    /__sandbox/districts/:d/events               stored feed
 *   GET|PATCH /__sandbox/settings
 *   GET    /__sandbox/clock        POST /__sandbox/clock/advance {ms}
 *   GET|POST|DELETE /__sandbox/faults
 *   GET|DELETE /__sandbox/requests
 */
export function handleAdmin(admin: SandboxAdmin, method: string, segments: string[], query: URLSearchParams, body: unknown): Reply {
  try {
    return route(admin, method, segments, query, (body ?? {}) as JsonObject);
  } catch (e) {
    if (e instanceof SandboxError) return json(e.status, { message: e.message });
    if (e instanceof TypeError || e instanceof RangeError) return json(400, { message: e.message });
    throw e;
  }
}

function route(admin: SandboxAdmin, method: string, s: string[], query: URLSearchParams, body: JsonObject): Reply {
  const ok = (value: unknown = { ok: true }) => json(200, value);
  const [head, d, second, third, fourth] = s;
  switch (head) {
    case 'districts': {
      if (d === undefined) {
        if (method === 'GET') return ok(admin.districts());
        if (method === 'POST') return json(201, admin.addDistrict(body as never));
        break;
      }
      if (second === undefined && method === 'GET') return ok(admin.district(d));
      if (second === 'counts' && method === 'GET') return ok(admin.counts(d));
      if (second === 'events' && method === 'GET' && third === undefined) return ok(admin.events(d));
      if (second === 'token' && method === 'POST') {
        if (third === 'revoke') return ok(admin.revokeToken(d) ?? { ok: true });
        if (third === 'rotate') return ok({ token: admin.rotateToken(d) });
      }
      if (second === 'malformed-users' && method === 'POST') {
        return json(201, admin.addMalformedUser(d, body.kind as MalformedKind));
      }
      if (second === 'students' && fourth === 'move' && method === 'POST') {
        return ok(admin.moveStudent(d, third, String(body.schoolId)));
      }
      if (second !== undefined && third === undefined) {
        if (method === 'GET') {
          const limit = query.get('limit');
          return ok(admin.sampleIds(d, second, { role: query.get('role') ?? undefined, limit: limit ? Number(limit) : undefined }));
        }
        if (method === 'POST') return json(201, admin.create(d, second, body));
      }
      if (second !== undefined && third !== undefined && fourth === undefined) {
        if (method === 'GET') {
          const found = admin.get(d, second, third);
          return found ? ok(found) : json(404, { message: 'not found' });
        }
        if (method === 'PATCH') return ok(admin.update(d, second, third, body, { replace: query.get('replace') === 'true' }));
        if (method === 'DELETE') return ok(admin.remove(d, second, third) ?? { ok: true });
      }
      if (second !== undefined && third !== undefined && method === 'POST') {
        if (fourth === 'unshare') return ok(admin.unshare(d, second, third) ?? { ok: true });
        if (fourth === 'reshare') return ok(admin.reshare(d, second, third));
      }
      break;
    }
    case 'settings':
      if (method === 'GET') return ok(admin.settings());
      if (method === 'PATCH' || method === 'POST') return ok(admin.configure(body as never));
      break;
    case 'clock':
      if (d === undefined && method === 'GET') return ok({ now: admin.now() });
      if (d === 'advance' && method === 'POST') return ok({ now: admin.advanceClock(Number(body.ms)) });
      break;
    case 'faults':
      if (method === 'GET') return ok(admin.faults());
      if (method === 'POST') return json(201, { id: admin.injectFault(body as unknown as FaultRule) });
      if (method === 'DELETE') return ok(admin.clearFaults() ?? { ok: true });
      break;
    case 'requests':
      if (method === 'GET') return ok(admin.requests());
      if (method === 'DELETE') return ok(admin.resetRequests() ?? { ok: true });
      break;
  }
  return json(404, { message: `no admin route ${method} /__sandbox/${s.join('/')}` });
}
