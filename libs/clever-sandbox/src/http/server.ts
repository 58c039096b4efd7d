import { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { SandboxAdmin } from '../admin/admin-api';
import { FaultRule } from '../faults/faults';
import { ApiVersion } from '../generator/records';
import { handleAdmin } from '../routes/admin-http';
import { handleDataApi } from '../routes/data-api';
import { authorize, exchangeCode, listDistrictTokens, userinfo } from '../routes/oauth';
import { SandboxStore, TokenInfo } from '../store/sandbox-store';
import { bodyText, cleverError, htmlPage, Reply } from './reply';

const MAX_BODY_BYTES = 1 << 20;

/** The sandbox's request handler: admin routes, then fault injection, auth, rate limit and the Clever routes. */
export function createRequestHandler(store: SandboxStore, admin: SandboxAdmin) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(store, admin, req, res).catch(() => {
      // never echo internals (they may contain record data) — just fail the request
      if (!res.headersSent) write(res, cleverError(500, 'Internal Error'), false);
      else res.destroy();
    });
  };
}

async function handle(store: SandboxStore, admin: SandboxAdmin, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const segments = url.pathname.split('/').filter(Boolean).map(safeDecode);

  if (segments[0] === '__sandbox') {
    const body = method === 'GET' || method === 'DELETE' ? undefined : await readBody(req);
    const parsed = body === undefined ? undefined : parseBody(body, req.headers['content-type']);
    write(res, handleAdmin(admin, method, segments.slice(1), url.searchParams, parsed), false);
    return;
  }

  const bearer = bearerToken(req.headers.authorization);
  const token = bearer ? store.tokenInfo(bearer) : undefined;
  const fault = store.faults.take({ method, pathWithQuery: url.pathname + url.search, districtId: token?.districtId });
  const log = (status: number) =>
    store.requests.record({
      method,
      path: url.pathname,
      query: url.search,
      status,
      districtId: token?.districtId,
      atMs: store.now(),
    });

  let reply: Reply | undefined;
  let truncate = false;
  if (fault) {
    if (fault.kind === 'reset') {
      log(0);
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'slow') await slowDown(req, fault.delayMs ?? 1000);
    truncate = fault.kind === 'truncated';
    reply = faultReply(store, fault);
  }
  reply ??= await route(store, method, url, segments, req, bearer, token);
  log(reply.status);
  if (reply.chunks && !truncate) await writeChunks(res, reply);
  else write(res, reply, truncate);
}

/** Holds the answer back, but stops waiting once the client has gone (it timed out: nothing to answer). */
async function slowDown(req: IncomingMessage, ms: number): Promise<void> {
  const gone = new AbortController();
  const onClose = () => gone.abort();
  req.socket.once('close', onClose);
  try {
    await delay(ms, undefined, { signal: gone.signal });
  } catch {
    // aborted: the answer goes nowhere, which is fine
  } finally {
    req.socket.off('close', onClose);
  }
}

function faultReply(store: SandboxStore, fault: FaultRule): Reply | undefined {
  switch (fault.kind) {
    case 'rate_limit': {
      const limit = store.options.rateLimitPerMinute ?? 1200;
      return {
        status: 429,
        headers: rateHeaders(limit, 0, Math.ceil(store.now() / 1000) + (fault.resetInSeconds ?? 60)),
      };
    }
    case 'server_error':
      return cleverError(fault.status ?? 500, 'Internal Error');
    case 'html':
      return htmlPage(fault.status ?? 502, `${fault.status ?? 502} Bad Gateway`, '<p>The server encountered a temporary error.</p>');
    default:
      return undefined;
  }
}

async function route(
  store: SandboxStore,
  method: string,
  url: URL,
  segments: string[],
  req: IncomingMessage,
  bearer: string | undefined,
  token: TokenInfo | undefined,
): Promise<Reply> {
  const [first, second] = segments;
  if (first === 'oauth' && second === 'tokens' && segments.length === 2) {
    if (method === 'GET') return listDistrictTokens(store, url.searchParams, req.headers.authorization);
    if (method === 'POST') {
      const body = parseBody(await readBody(req), req.headers['content-type']);
      return exchangeCode(store, (body ?? {}) as Record<string, unknown>, req.headers.authorization);
    }
    return cleverError(405, 'Method not allowed');
  }
  if (first === 'oauth' && second === 'authorize' && segments.length === 2 && method === 'GET') {
    return authorize(store, url.searchParams);
  }
  const isApi = first === 'v3.0' || first === 'v3.1';
  if (!isApi && !(first === 'userinfo' && segments.length === 1)) return cleverError(404, 'Not Found');
  if (method !== 'GET') return cleverError(405, 'Method not allowed');
  if (!bearer) return cleverError(401, 'Authorization header is missing a bearer token');
  if (!token) return cleverError(401, 'Invalid token');

  const budget = store.rateLimiter.hit(bearer);
  const headers = store.options.rateLimitPerMinute === null ? {} : rateHeaders(budget.limit, budget.remaining, budget.resetSeconds);
  if (!budget.allowed) return { status: 429, headers };

  let reply: Reply;
  if (first === 'userinfo') {
    reply = token.kind === 'sso' ? userinfo(store, token) : cleverError(401, 'userinfo needs an SSO token');
  } else {
    reply = handleDataApi(store, {
      version: first as ApiVersion,
      segments: segments.slice(1),
      pathname: url.pathname,
      query: url.searchParams,
      token,
    });
  }
  return { ...reply, headers: { ...headers, ...reply.headers } };
}

function rateHeaders(limit: number, remaining: number, resetSeconds: number): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': String(resetSeconds),
    'X-RateLimit-Bucket': 'default',
  };
}

/** Streams a chunked reply, pausing on backpressure so a slow reader doesn't make the sandbox buffer it all. */
async function writeChunks(res: ServerResponse, reply: Reply): Promise<void> {
  res.writeHead(reply.status, { ...reply.headers, 'Content-Type': reply.contentType ?? 'application/json' });
  for (const chunk of reply.chunks!()) {
    if (res.destroyed) return;
    if (!res.write(chunk)) await drainOrClose(res);
  }
  res.end();
}

function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function write(res: ServerResponse, reply: Reply, truncate: boolean): void {
  let body = Buffer.from(bodyText(reply), 'utf8');
  if (truncate) body = body.subarray(0, Math.floor(body.length / 2));
  const headers: Record<string, string | number> = { ...reply.headers, 'Content-Length': body.length };
  if (reply.contentType && body.length) headers['Content-Type'] = reply.contentType;
  res.writeHead(reply.status, headers);
  res.end(body);
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^bearer\s+(.+)$/i.exec(header.trim()) : null;
  return match ? match[1] : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON or form-encoded (Clever's token endpoint takes both); undefined when empty or unparsable. */
function parseBody(body: string, contentType: string | undefined): unknown {
  if (!body.trim()) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body));
  try {
    return JSON.parse(body);
  } catch {
    return Object.fromEntries(new URLSearchParams(body));
  }
}

