import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { SandboxAdmin } from './admin/admin-api';
import { createRequestHandler } from './http/server';
import { SandboxOptions } from './options';
import { SandboxStore } from './store/sandbox-store';

export interface Sandbox {
  /** Same operations as `/__sandbox/*`, in-process. */
  readonly admin: SandboxAdmin;
  /** The state behind it (for advanced tests; prefer `admin`). */
  readonly store: SandboxStore;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Base URL once started (serves both the OAuth host and the API host paths). */
  readonly url: string | undefined;
  /** Node request handler, to mount the sandbox into another server. */
  readonly handler: ReturnType<typeof createRequestHandler>;
  /** Listens on `port` (0 or omitted = a free port) on options.host (default 127.0.0.1). */
  start(port?: number): Promise<{ url: string }>;
  close(): Promise<void>;
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const store = new SandboxStore(options);
  const admin = new SandboxAdmin(store);
  const handler = createRequestHandler(store, admin);
  let server: Server | undefined;
  let url: string | undefined;

  return {
    admin,
    store,
    handler,
    clientId: store.options.clientId,
    clientSecret: store.options.clientSecret,
    get url() {
      return url;
    },
    async start(port = 0) {
      if (server) throw new Error('sandbox already started');
      const s = createServer({ keepAliveTimeout: 5_000 }, handler);
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, store.options.host, () => resolve());
      });
      server = s;
      const address = s.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
      return { url };
    },
    async close() {
      const s = server;
      server = undefined;
      url = undefined;
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
  };
}
