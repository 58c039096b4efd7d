import { Client } from 'pg';
import type { Logger } from '@roster/observability';

const NAMESPACE = 'clever-ingestion:district';

/**
 * One sync per district at a time, across replicas: a session-level PostgreSQL advisory lock per district,
 * held on this process's own connection for the whole run. If the process dies (or the connection
 * drops), PostgreSQL releases its locks and another replica may take the district over. Advisory locks
 * are re-entrant within a session, so this process also keeps its own set of held districts.
 */
export class DistrictLocks {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private readonly held = new Set<string>();
  private lostListeners = new Set<() => void>();

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {}

  isHeld(districtId: string): boolean {
    return this.held.has(districtId);
  }

  /** Called when the lock connection is lost: every lock of this process is gone. */
  onLost(listener: () => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    this.connecting ??= (async () => {
      const client = new Client({ connectionString: this.databaseUrl, application_name: 'clever-ingestion-locks' });
      client.on('error', (error) => {
        this.logger.error({ err: { message: error.message } }, 'district lock connection lost');
        this.dropConnection(client);
      });
      client.on('end', () => this.dropConnection(client));
      await client.connect();
      this.client = client;
      return client;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private dropConnection(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    const had = this.held.size > 0;
    this.held.clear();
    if (had) for (const l of this.lostListeners) l();
  }

  /** Takes the district's lock if nobody (here or in another replica) holds it. */
  async tryAcquire(districtId: string): Promise<boolean> {
    if (this.held.has(districtId)) return false;
    this.held.add(districtId); // reserve locally first: two local callers never both get it
    try {
      const client = await this.connect();
      const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1), hashtext($2)) as ok', [NAMESPACE, districtId]);
      if (!rows[0].ok) this.held.delete(districtId);
      return rows[0].ok;
    } catch (error) {
      this.held.delete(districtId);
      throw error;
    }
  }

  /** Retries for up to `waitMs` (for API commands that must not run beside a sync). */
  async acquireWithin(districtId: string, waitMs: number): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (await this.tryAcquire(districtId)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async release(districtId: string): Promise<void> {
    if (!this.held.has(districtId)) return;
    this.held.delete(districtId);
    const client = this.client;
    if (!client) return;
    await client.query('select pg_advisory_unlock(hashtext($1), hashtext($2))', [NAMESPACE, districtId]).catch(() => undefined);
  }

  /** Runs `fn` under the district's lock; undefined when the lock is taken. */
  async withLock<T>(districtId: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    if (!(await this.tryAcquire(districtId))) return { ran: false };
    try {
      return { ran: true, value: await fn() };
    } finally {
      await this.release(districtId);
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.held.clear();
    if (client) await client.end().catch(() => undefined);
  }
}
