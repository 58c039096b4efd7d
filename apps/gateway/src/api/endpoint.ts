import { applyDecorators, createParamDecorator, HttpCode, RequestMapping, RequestMethod, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { z } from 'zod';
import { parseInput, ProblemError } from '@roster/problems';
import type { Principal } from '@roster/authz';
import type { Account } from './schemas';

/** Where every public endpoint lives. */
export const API_PREFIX = '/api/v1';

export const ENDPOINT_SPEC = Symbol.for('roster.gateway.endpoint');

type AnyZod = z.ZodType;

/**
 * One public endpoint, declared once: the route (Nest), the input validation (zod) and its OpenAPI
 * operation are all derived from this object, so the document cannot miss or misdescribe an endpoint.
 */
export interface EndpointSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** OpenAPI-style path below /api/v1, e.g. `/classes/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /**
   * `public`: no credentials needed (rate-limited per IP); `signed-in`: any valid session or bearer
   * token (students included); `staff` (default): a signed-in admin or teacher (students get 403).
   */
  auth?: 'public' | 'signed-in' | 'staff';
  /** The credentials the route accepts when not public (default both; the document's `security` says the same). */
  credentials?: readonly ('session' | 'bearer')[];
  params?: AnyZod;
  query?: AnyZod;
  /** Request headers the endpoint reads, keyed by their canonical name (`Idempotency-Key`); documented as header parameters. */
  headers?: AnyZod;
  body?: AnyZod;
  /** Success status (default 200 for GET/PATCH, 200 for POST unless set, 204 for DELETE). */
  status?: number;
  /** Success body schema; absent with 204 or a redirect. */
  response?: AnyZod;
  /** The success answer is a redirect (302) rather than JSON. */
  redirect?: boolean;
  /** Problem statuses worth documenting besides 400/401/429/503 which every call may get. */
  errors?: number[];
}

export type InputOf<S extends EndpointSpec> = {
  params: S['params'] extends AnyZod ? z.output<S['params']> : Record<string, never>;
  query: S['query'] extends AnyZod ? z.output<S['query']> : Record<string, never>;
  headers: S['headers'] extends AnyZod ? z.output<S['headers']> : Record<string, never>;
  body: S['body'] extends AnyZod ? z.output<S['body']> : undefined;
};

export function defineEndpoint<const S extends EndpointSpec>(spec: S): S {
  return spec;
}

export function successStatus(spec: EndpointSpec): number {
  if (spec.redirect) return 302;
  return spec.status ?? (spec.method === 'DELETE' ? 204 : 200);
}

/** `/classes/{id}` → `/api/v1/classes/:id` (Express route syntax). */
export function routePath(spec: EndpointSpec): string {
  return API_PREFIX + spec.path.replace(/\{(\w+)\}/g, ':$1');
}

const methods = { GET: RequestMethod.GET, POST: RequestMethod.POST, PATCH: RequestMethod.PATCH, DELETE: RequestMethod.DELETE };

/** Declares a controller method as the public endpoint `spec`. */
export function Endpoint(spec: EndpointSpec): MethodDecorator {
  return applyDecorators(
    RequestMapping({ path: routePath(spec), method: methods[spec.method] }),
    SetMetadata(ENDPOINT_SPEC, spec),
    HttpCode(successStatus(spec)),
  );
}

/** What the authentication guard puts on the request. */
export interface AuthContext {
  principal: Principal;
  account: Account;
  via: 'cookie' | 'bearer';
}

export interface GatewayRequest {
  headers: Record<string, string | string[] | undefined>;
  method?: string;
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  ip?: string;
  socket?: { remoteAddress?: string };
  auth?: AuthContext;
}

export function specOf(handler: unknown): EndpointSpec | undefined {
  return typeof handler === 'function' ? (Reflect.getMetadata(ENDPOINT_SPEC, handler) as EndpointSpec | undefined) : undefined;
}

/** The declared headers of a request under their canonical names (Node lower-cases them; a repeated one is refused by the schema). */
function declaredHeaders(schema: AnyZod, headers: GatewayRequest['headers']): Record<string, unknown> {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  return Object.fromEntries(Object.keys(shape).map((name) => [name, headers[name.toLowerCase()]]).filter(([, v]) => v !== undefined));
}

/** The validated params, query, headers and body of the request, per the endpoint's spec (400 VALIDATION_FAILED). */
export const Input = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const spec = specOf(ctx.getHandler());
  if (!spec) throw new Error('@Input() needs @Endpoint()');
  const req = ctx.switchToHttp().getRequest<GatewayRequest>();
  return {
    params: spec.params ? parseInput(spec.params, { ...(req.params ?? {}) }, 'params') : {},
    query: spec.query ? parseInput(spec.query, { ...(req.query ?? {}) }, 'query') : {},
    headers: spec.headers ? parseInput(spec.headers, declaredHeaders(spec.headers, req.headers), 'headers') : {},
    body: spec.body ? parseInput(spec.body, req.body, 'body') : undefined,
  };
});

/** The signed-in caller (set by the gateway's authentication guard). */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const auth = ctx.switchToHttp().getRequest<GatewayRequest>().auth;
  if (!auth) throw new ProblemError(401, 'UNAUTHENTICATED', 'Sign-in required');
  return auth;
});
