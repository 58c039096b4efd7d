/**
 * Test harness of clever-ingestion's integration tests (not shipped): the service on a fresh PostgreSQL
 * database and the real Kafka broker, with topics under a unique prefix, and a collector on the prefixed
 * roster topics. The Clever side (the sandbox) is created by the test and passed in as an endpoint, so
 * this file does not import another app.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { INTERNAL_TOKEN_HEADER, signInternalToken, type Principal } from '@roster/authz';
import { Topics, type Envelope } from '@roster/contracts';
import { ingestionApi } from '@roster/internal-api';
import { KafkaMessageBus, provisionTopics } from '@roster/messaging';
import { createLogger } from '@roster/observability';
import { selectRows, sql, type SqlFragment } from '@roster/persistence';
import { createTestDatabase, dropTestDatabase, eventually, testBrokers, testKafka, TopicCollector, uniqueSuffix } from '@roster/testing';
import { createIngestionService, type IngestionService, type IngestionServiceOptions } from '../service';
import { ingestionControl, type IngestionControl } from './ingestion-control';

export const SECRET = 'ingestion-test-internal-secret';

export const ROSTER_TOPICS = [Topics.rosterDistricts, Topics.rosterSchools, Topics.rosterUsers, Topics.rosterSections, Topics.rosterSyncRuns].map((t) => t.name);

export interface CleverEndpoint {
  url: string;
  clientId: string;
  clientSecret: string;
}

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
}

/** The internal contract (@roster/internal-api) of each route's 2xx answer. */
const CONTRACTS: { method: string; path: RegExp; schema: z.ZodType; name: string }[] = [
  { method: 'GET', path: /^\/districts\/[^/]+\/sync$/, schema: ingestionApi.syncStatus, name: 'syncStatus' },
  { method: 'POST', path: /^\/districts\/[^/]+\/sync$/, schema: ingestionApi.syncStarted, name: 'syncStarted' },
  { method: 'POST', path: /^\/districts\/[^/]+\/sync\/runs\/[^/]+\/(approve|reject)$/, schema: ingestionApi.syncRun, name: 'syncRun' },
  { method: 'PATCH', path: /^\/districts\/[^/]+\/settings$/, schema: ingestionApi.settings, name: 'settings' },
  { method: 'POST', path: /^\/districts\/[^/]+\/sync\/preview$/, schema: ingestionApi.syncStarted, name: 'syncStarted' },
  { method: 'GET', path: /^\/districts\/[^/]+\/sync\/runs\/[^/]+\/changes(\?.*)?$/, schema: ingestionApi.syncChanges, name: 'syncChanges' },
];

/** A 2xx answer that does not match its contract exactly (a parse failure, or fields the contract lacks). */
export interface ContractMismatch {
  route: string;
  contract: string;
  issues: unknown;
}

export async function provisionTestTopics(prefix: string): Promise<void> {
  // Topic creation can meet a transient metadata error while other test files create theirs: retried.
  await eventually(async () => (await provisionTopics(testKafka(), { topicPrefix: prefix }), true), 60_000, 'topics provisioned');
}

export class IngestionHarness {
  private constructor(
    public service: IngestionService,
    public base: string,
    public bus: KafkaMessageBus,
    readonly prefix: string,
    readonly databaseUrl: string,
    readonly collector: TopicCollector,
  ) {}

  static async start(
    name: string,
    clever: CleverEndpoint,
    options: Omit<Partial<IngestionServiceOptions>, 'clever'> & { clever?: Partial<IngestionServiceOptions['clever']> } = {},
  ): Promise<IngestionHarness> {
    const prefix = `t${uniqueSuffix()}.`;
    await provisionTestTopics(prefix);
    const databaseUrl = await createTestDatabase(name);
    const bus = new KafkaMessageBus({ clientId: `ingestion-${name}`, brokers: testBrokers() }, undefined, prefix);
    const collector = await TopicCollector.start(ROSTER_TOPICS.map((t) => prefix + t));
    const serviceOptions = (bus: KafkaMessageBus): IngestionServiceOptions => ({
      databaseUrl,
      bus,
      internalAuthSecret: SECRET,
      logger: createLogger('clever-ingestion', { level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      migrate: true,
      autoStart: false,
      relay: { pollIntervalMs: 50, batchSize: 2000 },
      dlqResyncDebounceMs: 0,
      consumer: { retryBaseMs: 50 },
      ...options,
      clever: {
        apiBaseUrl: clever.url,
        oauthBaseUrl: clever.url,
        clientId: clever.clientId,
        clientSecret: clever.clientSecret,
        apiVersion: 'v3.0',
        retry: { baseDelayMs: 20, maxDelayMs: 200 },
        timeoutMs: 5_000,
        ...options.clever,
      },
    });
    const service = await createIngestionService(serviceOptions(bus));
    const base = await service.listen(0);
    const harness = new IngestionHarness(service, base, bus, prefix, databaseUrl, collector);
    harness.restartWith = (fresh) => createIngestionService(serviceOptions(fresh));
    return harness;
  }

  private restartWith: ((bus: KafkaMessageBus) => Promise<IngestionService>) | undefined;

  /**
   * Stops the service and starts a new one with the same options on the same database and topics: what a
   * restart (or another replica) starts from — nothing kept in the old process's memory.
   */
  async restart(): Promise<void> {
    await this.service.close();
    await this.bus.close();
    this.bus = new KafkaMessageBus({ clientId: `ingestion-restart-${uniqueSuffix()}`, brokers: testBrokers() }, undefined, this.prefix);
    this.service = await this.restartWith!(this.bus);
    this.base = await this.service.listen(0);
    this.controlOf = undefined;
  }

  get control(): IngestionControl {
    return (this.controlOf ??= ingestionControl(this.service));
  }

  private controlOf: IngestionControl | undefined;

  async close(): Promise<void> {
    await this.service.close();
    await this.collector.stop();
    await this.bus.close();
    await dropTestDatabase(this.databaseUrl);
  }

  /** Runs a statement of the test (`sql` template of @roster/persistence) on the service's database. */
  async sql<T = Record<string, unknown>>(statement: SqlFragment<unknown>): Promise<T[]> {
    return selectRows<T>(this.service.orm.em.fork(), statement);
  }

  /** Waits until every outbox row is published and the collector has seen at least as many messages. */
  async settle(): Promise<void> {
    await eventually(
      async () => {
        const [row] = await this.sql<{ total: number; pending: number }>(
          sql`select count(*)::int as total, count(*) filter (where published_at is null)::int as pending from outbox_message`,
        );
        return row.pending === 0 && this.collector.messages.length >= row.total;
      },
      30_000,
      'outbox published and collected',
    );
  }

  /** Parsed envelopes the service published (optionally of one district and type), in arrival order. */
  published(filter: { districtId?: string; type?: string | RegExp } = {}): Envelope<any>[] {
    return this.collector.messages
      .map((m) => JSON.parse(m.value ?? '{}') as Envelope<any>)
      .filter((e) => (!filter.districtId || e.districtId === filter.districtId) && (!filter.type || (typeof filter.type === 'string' ? e.type === filter.type : filter.type.test(e.type))));
  }

  /** Roster data events (not sync-run events) of a district, de-duplicated by envelope id (the relay is at-least-once). */
  dataEvents(districtId: string): Envelope<any>[] {
    const seen = new Set<string>();
    return this.published({ districtId }).filter((e) => !e.type.startsWith('roster.sync-run.') && (seen.has(e.id) ? false : (seen.add(e.id), true)));
  }

  /** Calls the internal API as a user, or as a named system caller (`{ system: 'operator' }`). */
  /** Every 2xx answer of `api` is checked against its internal contract; mismatches are collected here. */
  readonly contractMismatches: ContractMismatch[] = [];
  /** Routes whose answers were checked against a contract (names of the contracts). */
  readonly contractsChecked = new Set<string>();

  private checkContract(method: string, path: string, status: number, body: unknown): void {
    if (status < 200 || status >= 300) return;
    const route = `${method} ${path}`;
    const contract = CONTRACTS.find((c) => c.method === method && c.path.test(path));
    if (!contract) {
      this.contractMismatches.push({ route, contract: '(none)', issues: 'no contract for this route' });
      return;
    }
    this.contractsChecked.add(contract.name);
    const parsed = contract.schema.safeParse(body);
    if (!parsed.success) this.contractMismatches.push({ route, contract: contract.name, issues: parsed.error.issues });
    else if (!isDeepStrictEqual(parsed.data, body)) this.contractMismatches.push({ route, contract: contract.name, issues: { answer: body, contract: parsed.data } });
  }

  async api<T = any>(method: string, path: string, as: Principal | { system: string } | undefined, body?: unknown): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = {};
    if (as) {
      const caller = 'system' in as ? ({ kind: 'system', name: as.system } as const) : ({ kind: 'user', principal: as } as const);
      headers[INTERNAL_TOKEN_HEADER] = signInternalToken(caller, 'clever-ingestion', SECRET);
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base}/internal/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const answer = { status: res.status, body: text ? JSON.parse(text) : undefined };
    this.checkContract(method, path, answer.status, answer.body);
    return answer;
  }
}

/** A principal of a district (by its Clever id) as the gateway would send it. */
export function principalFor(cleverDistrictId: string, roles: Principal['roles'] = ['district_admin']): Principal {
  return { accountId: randomUUID(), districtId: randomUUID(), cleverDistrictId, roles, schools: [] };
}

/** Events grouped by subject, for "exactly one per record" assertions. */
export function bySubject(events: Envelope<any>[]): Map<string, Envelope<any>[]> {
  const out = new Map<string, Envelope<any>[]>();
  for (const e of events) {
    const list = out.get(e.subject) ?? [];
    list.push(e);
    out.set(e.subject, list);
  }
  return out;
}
