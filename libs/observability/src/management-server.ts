import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HealthEndpoints } from './health/health-endpoints';
import { METRICS_CONTENT_TYPE, metricsText } from './metrics';

/** Anything that resolves a provider: a Nest application or application context. */
export interface ProviderSource {
  get<T>(type: new (...args: any[]) => T): T;
}

export interface ManagementServerOptions {
  /** MANAGEMENT_PORT (0: a free port). */
  port: number;
  /** The address to bind (loopback in embedded mode and tests). */
  host: string;
}

export interface ManagementServer {
  /** `http://<host>:<port>`: GET /health/live, /health/ready and /metrics live here. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections and closes idle ones. Safe to call twice. */
  close(): Promise<void>;
}

/** Default MANAGEMENT_PORT of every process (the chart's probes and ServiceMonitor use it). */
export const DEFAULT_MANAGEMENT_PORT = 9000;

const JSON_TYPE = 'application/json; charset=utf-8';

function send(res: ServerResponse, status: number, type: string, body: string, head: boolean): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(head ? undefined : body);
}

function notFound(res: ServerResponse, head: boolean): void {
  const body = JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, code: 'NOT_FOUND' });
  send(res, 404, 'application/problem+json', body, head);
}

/**
 * The process's management endpoints on their own port, apart from the public API (which answers 404
 * for them): GET /health/live, GET /health/ready (the app's readiness checks) and GET /metrics
 * (Prometheus text). A plain node:http server: no body parsing, no middleware, nothing else routed.
 * Close it AFTER the Nest app, so readiness reports the shutdown while the app drains.
 */
export async function startManagementServer(app: ProviderSource, options: ManagementServerOptions): Promise<ManagementServer> {
  const health = app.get(HealthEndpoints);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const head = req.method === 'HEAD';
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && !head) return notFound(res, head);
    if (path === '/health/live') return send(res, 200, JSON_TYPE, JSON.stringify(health.live()), head);
    if (path === '/health/ready') {
      const { status, body } = await health.ready();
      return send(res, status, JSON_TYPE, JSON.stringify(body), head);
    }
    if (path === '/metrics') return send(res, 200, METRICS_CONTENT_TYPE, await metricsText(), head);
    return notFound(res, head);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'application/problem+json', JSON.stringify({ title: 'Internal Server Error', status: 500, code: 'INTERNAL' }), false);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostInUrl === '0.0.0.0' ? '127.0.0.1' : hostInUrl}:${port}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      })),
  };
}
