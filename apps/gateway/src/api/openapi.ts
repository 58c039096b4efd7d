import type { Type } from '@nestjs/common';
import { z } from 'zod';
import { API_PREFIX, specOf, successStatus, type EndpointSpec } from './endpoint';
import { apiSchemas, problemSchema } from './schemas';
import { SESSION_COOKIE } from '../gateway-config';

type Json = Record<string, unknown>;

/** Every endpoint declared with @Endpoint on these controllers, in declaration order. */
export function endpointsOf(controllers: readonly Type[]): EndpointSpec[] {
  const out: EndpointSpec[] = [];
  for (const controller of controllers) {
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      if (name === 'constructor') continue;
      const descriptor = Object.getOwnPropertyDescriptor(controller.prototype, name);
      const spec = specOf(descriptor?.value);
      if (spec) out.push(spec);
    }
  }
  return out;
}

/** zod → JSON Schema 2020-12 (OpenAPI 3.1), named schemas moved to components and referenced. */
class SchemaConverter {
  readonly components: Record<string, Json> = {};

  convert(schema: z.ZodType): Json {
    const meta = apiSchemas.get(schema);
    if (meta?.id) {
      this.component(meta.id, schema);
      return { $ref: `#/components/schemas/${meta.id}` };
    }
    return this.raw(schema);
  }

  private component(id: string, schema: z.ZodType): void {
    if (this.components[id]) return;
    this.components[id] = {}; // placeholder against cycles
    this.components[id] = this.raw(schema, id);
  }

  /** `own`: the component id being converted (its definition is the answer, not a reference to it). */
  private raw(schema: z.ZodType, own?: string): Json {
    const json = z.toJSONSchema(schema, { metadata: apiSchemas, target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Json;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, Json>;
    delete json.$defs;
    for (const [id, def] of Object.entries(defs)) {
      if (id === '__shared' || id === own || this.components[id]) continue;
      this.components[id] = relink(def);
    }
    // zod 4 answers a registered schema with a $ref to its own definition in $defs: that definition is the body.
    const body = own !== undefined && json.$ref === `#/$defs/${own}` && defs[own] ? defs[own] : json;
    if (own !== undefined) delete body.id;
    return relink(body);
  }
}

function relink(json: Json): Json {
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
}

/** A parameter's description: an optional schema's JSON carries none, its inner schema (or the wrapper) has it. */
function descriptionOf(schema: z.ZodType, json: Json): string | undefined {
  if (typeof json.description === 'string') return json.description;
  return schema.description ?? (schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType).description : undefined);
}

function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> {
  if (!schema) return {};
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodType>;
  throw new Error('params, query and headers schemas must be zod objects');
}

const TAG_DESCRIPTIONS: Record<string, string> = {
  'Sign-in': 'Log in with Clever, sessions and bearer tokens for API clients, sign out.',
  Districts: 'A district: its summary and settings (district admins).',
  Sync: 'Clever sync: status, "sync now", and approving or rejecting a run the mass-change safeguard held.',
  Schools: 'Schools in the caller\'s scope and their available students (shared through Clever, not in a class).',
  Accounts: 'Accounts made from the users a district shares through Clever (admins, teachers, students).',
  Students: 'Placement results and students\' own views.',
  Classes: 'Classes (created by admins and teachers, never from Clever), their courses, teachers and enrollments.',
  Audit: 'Who changed what and when (every mutation is audited).',
};

const problemResponses: Record<number, string> = {
  400: 'Invalid input (VALIDATION_FAILED, MALFORMED_JSON, INVALID_CURSOR)',
  401: 'Not signed in, or the session/token is forged, expired or its account archived (UNAUTHENTICATED)',
  403: 'Not allowed though in scope (ACCESS.STUDENT_NO_ACCESS, ACCESS.DISTRICT_ADMIN_REQUIRED, ACCESS.SCHOOL_ADMIN_REQUIRED, ORIGIN_NOT_ALLOWED, or a service\'s code)',
  404: 'Not found, or not in the caller\'s scope: the same status and code (IDENTITY.DISTRICT_NOT_FOUND, CLASSES.CLASS_NOT_FOUND…) either way',
  409: 'Conflict (e.g. CLASSES.CLASS_ARCHIVED, CLASSES.SCHOOL_REMOVED, INGESTION.SYNC_ALREADY_RUNNING, INGESTION.RUN_NOT_HELD)',
  413: 'Body too large (PAYLOAD_TOO_LARGE)',
  429: 'Rate limited (RATE_LIMITED); see Retry-After',
  503: 'A service is unreachable (SERVICE_UNAVAILABLE)',
};

/**
 * The OpenAPI 3.1 document of the public API, built from the controllers' EndpointSpecs and their
 * zod schemas (so it lists every endpoint and matches what is validated).
 */
export function buildOpenApiDocument(controllers: readonly Type[], options: { version?: string; devMode?: boolean } = {}): Json {
  const converter = new SchemaConverter();
  const problemRef = converter.convert(problemSchema);
  const paths: Record<string, Record<string, Json>> = {};
  for (const spec of endpointsOf(controllers)) {
    const path = API_PREFIX + spec.path;
    const parameters: Json[] = [];
    for (const [name, schema] of Object.entries(objectShape(spec.params))) {
      parameters.push({ name, in: 'path', required: true, schema: converter.convert(schema) });
    }
    for (const [name, schema] of Object.entries(objectShape(spec.query))) {
      const json = converter.convert(schema);
      const description = descriptionOf(schema, json);
      parameters.push({ name, in: 'query', required: !schema.safeParse(undefined).success, schema: json, ...(description ? { description } : {}) });
    }
    for (const [name, schema] of Object.entries(objectShape(spec.headers))) {
      const json = converter.convert(schema);
      const description = descriptionOf(schema, json);
      parameters.push({ name, in: 'header', required: !schema.safeParse(undefined).success, schema: json, ...(description ? { description } : {}) });
    }
    const status = successStatus(spec);
    const responses: Json = {};
    if (spec.redirect) {
      responses[status] = { description: 'Redirect', headers: { Location: { schema: { type: 'string' } } } };
    } else if (spec.response) {
      responses[status] = { description: 'OK', content: { 'application/json': { schema: converter.convert(spec.response) } } };
    } else {
      responses[status] = { description: 'No content' };
    }
    const auth = spec.auth ?? 'staff';
    const errorStatuses = new Set<number>([400, 429, 503, ...(spec.errors ?? [])]);
    if (auth !== 'public') errorStatuses.add(401);
    if (auth === 'staff' || spec.method !== 'GET') errorStatuses.add(403);
    if (spec.body) errorStatuses.add(413);
    for (const code of [...errorStatuses].sort()) {
      // 431 comes from Node's HTTP parser before any route runs: a status line, no body.
      responses[code] =
        code === 431
          ? { description: 'Request line or headers too large (answered by the HTTP server, without a body)' }
          : { description: problemResponses[code] ?? 'Problem', content: { 'application/problem+json': { schema: problemRef } } };
    }
    const operation: Json = {
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [spec.tag],
      security: auth === 'public' ? [] : (spec.credentials ?? ['session', 'bearer']).map((scheme) => ({ [scheme]: [] })),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: converter.convert(spec.body) } } } } : {}),
      responses,
    };
    (paths[path] ??= {})[spec.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Roster API',
      license: { name: 'UNLICENSED (proprietary)', identifier: 'LicenseRef-Proprietary' },
      version: options.version ?? '1.0.0',
      description:
        'The public API of Roster for district admins, school admins and teachers. Sign in with Clever (browser: session cookie) ' +
        'and exchange the session for a bearer token with `POST /api/v1/auth/token` for API clients. Every list answers ' +
        '`{"data": [...], "nextCursor": string|null}` (`limit` 1..500, default 50); errors are `application/problem+json` with a ' +
        'stable `code` (namespaced by its owner: `IDENTITY.*`, `CLASSES.*`, `INGESTION.*`, `ACCESS.*`, `GATEWAY.*`). A resource ' +
        'outside the caller\'s scope is always 404; students get 403 ACCESS.STUDENT_NO_ACCESS. A service answer that breaks its ' +
        'contract is 502 UPSTREAM_CONTRACT_VIOLATION.' +
        (options.devMode ? ' This instance runs AUTH_MODE=dev: `POST /api/v1/auth/dev-login` is enabled.' : ''),
    },
    servers: [{ url: '/' }],
    tags: [...new Set(endpointsOf(controllers).map((s) => s.tag))].map((name) => ({ name, ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}) })),
    paths,
    components: {
      schemas: converter.components,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'HttpOnly session cookie set by the sign-in' },
        bearer: { type: 'http', scheme: 'bearer', description: 'from POST /api/v1/auth/token or /auth/dev-login' },
      },
    },
  };
}
