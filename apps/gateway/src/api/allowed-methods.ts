import { PROBLEM_CONTENT_TYPE, ProblemError } from '@roster/problems';
import { API_PREFIX, type EndpointSpec } from './endpoint';

interface Request {
  method: string;
  path: string;
  originalUrl?: string;
}
interface Response {
  status(code: number): Response;
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

/** A route template (`/classes/{id}`) as a matcher of one path segment per parameter. */
function matcher(template: string): RegExp {
  const pattern = template
    .split('/')
    .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}/?$`);
}

/**
 * 405 with `Allow` for a declared route called with a method it does not have (`TRACE /api/v1/classes`,
 * `PUT /api/v1/classes/{id}`), as HTTP says, instead of the 404 of an unknown route: clients and fuzzers
 * learn the route exists and which methods it takes. The answer is the same for every caller, so it tells
 * nothing about any resource (scope is still decided by the route itself). Mounted at `API_PREFIX`.
 */
export function allowedMethods(specs: readonly EndpointSpec[]): (req: Request, res: Response, next: () => void) => void {
  const routes = new Map<string, { match: RegExp; methods: Set<string> }>();
  for (const spec of specs) {
    const route = routes.get(spec.path) ?? { match: matcher(spec.path), methods: new Set<string>() };
    route.methods.add(spec.method);
    if (spec.method === 'GET') route.methods.add('HEAD');
    routes.set(spec.path, route);
  }
  return (req, res, next) => {
    // Preflight requests belong to CORS (answered before this, or refused without headers when CORS is off).
    if (req.method === 'OPTIONS') return next();
    const allowed = new Set<string>();
    for (const route of routes.values()) {
      if (!route.match.test(req.path)) continue;
      if (route.methods.has(req.method)) return next();
      for (const m of route.methods) allowed.add(m);
    }
    if (allowed.size > 0) {
      const allow = [...allowed].sort().join(', ');
      const problem = new ProblemError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed', `${req.method} is not allowed here; allowed: ${allow}`);
      res.status(405);
      res.setHeader('allow', allow);
      res.setHeader('content-type', PROBLEM_CONTENT_TYPE);
      res.send(JSON.stringify(problem.toJSON(`${API_PREFIX}${req.path}`)));
      return;
    }
    next();
  };
}
