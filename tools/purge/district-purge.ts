import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, type Consumer, type Kafka } from 'kafkajs';
import { INTERNAL_TOKEN_HEADER, signOperatorToken } from '@roster/authz';
import { Topics, parseEnvelope, provisionedTopics, type DistrictPurged, type DistrictPurgeRequested } from '@roster/contracts';

/** Exit with one line, no stack: bad input, unknown district, a service that never confirmed. */
export class PurgeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PurgeError';
  }
}

export interface PurgeOptions {
  /** The district's Clever id (as clever-ingestion and the admin UI's sync page name it). */
  cleverDistrictId: string;
  dryRun: boolean;
  /** clever-ingestion's internal API. */
  ingestionUrl: string;
  internalAuthSecret: string;
  kafka: Kafka;
  topicPrefix?: string;
  /** Where the certificate file is kept (created if missing). */
  certificateDir: string;
  /** How long to wait for every confirmation (default 10 minutes). */
  timeoutMs?: number;
  /** Who runs the purge (the operator token's name, kept in the certificate). */
  operator?: string;
}

export interface TopicRetention {
  topic: string;
  /** null: the topic keeps messages forever (retention.ms = -1). */
  retentionMs: number | null;
  segmentMs: number;
}

export interface ServiceConfirmation {
  service: string;
  startedAt: string;
  finishedAt: string;
  totalRows: number;
  tables: { table: string; rows: number }[];
}

/** The purge certificate: ids, counts and times only — never a name or any other personal field. */
export interface PurgeCertificate {
  certificate: 'roster.district-purge';
  version: 1;
  purgeId: string;
  cleverDistrictId: string;
  dryRun: boolean;
  requestedBy: string;
  requestedAt: string;
  completedAt: string;
  totalRows: number;
  services: ServiceConfirmation[];
  kafka: {
    /**
     * The latest time by which every message about the district has left Kafka: the last one was written
     * before `completedAt`; a message is deleted with its log segment, which closes at most `segment.ms`
     * after it was written and is deleted `retention.ms` after that (plus the broker's 5-minute check).
     * null when a topic keeps messages forever.
     */
    messagesExpireBy: string | null;
    topics: TopicRetention[];
  };
  /** Where this certificate is kept. */
  file: string;
}

const CONFIRMATION_TOPICS = [Topics.rosterDistrictPurges.name, Topics.identityDistrictPurges.name, Topics.classesDistrictPurges.name];
const CONFIRMATION_TYPES = new Set(['roster.district.purged', 'identity.district.purged', 'classes.district.purged']);
const REQUEST_TYPE = 'roster.district.purge-requested';
/** The services that purge and confirm, in the certificate's order (clever-ingestion's 202 names the same). */
export const PURGING_SERVICES = ['clever-ingestion', 'identity', 'classes'] as const;
/** log.retention.check.interval.ms, the broker default: how often expired segments are looked for. */
const RETENTION_CHECK_MS = 5 * 60_000;
const DEFAULT_TIMEOUT_MS = 600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What `--purge-id` needs: no request is sent, so neither clever-ingestion's URL nor the secret. */
export interface ResumeOptions extends Omit<PurgeOptions, 'cleverDistrictId' | 'dryRun' | 'ingestionUrl' | 'internalAuthSecret'> {
  purgeId: string;
  /** When given, the purge must be of this district. */
  cleverDistrictId?: string;
}

/**
 * `npm run district:purge`: asks clever-ingestion (operator token) to purge a district, waits for every
 * service's `*.district.purged` confirmation on Kafka, and writes and returns the purge certificate.
 */
export async function purgeDistrict(o: PurgeOptions): Promise<PurgeCertificate> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(o.cleverDistrictId)) throw new PurgeError(`--district must be a Clever district id, got '${o.cleverDistrictId}'`);
  const prefix = o.topicPrefix ?? '';
  const retention = await topicRetention(o.kafka, prefix);
  // Read from the start of the (small) confirmation topics before asking: no confirmation can be missed,
  // however fast the services are.
  const messages = await PurgeMessages.open(o.kafka, prefix);
  try {
    const accepted = await requestPurge(o);
    const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const confirmed = await messages.confirmations(accepted.purgeId, accepted.services, Date.now() + timeoutMs);
    if (!confirmed.complete) {
      throw new PurgeError(
        `purge ${accepted.purgeId}: no confirmation from ${confirmed.missing.join(', ')} within ${Math.round(timeoutMs / 1000)} s ` +
          `(the purge stays requested and the services apply it when they can; do not request it again: ` +
          `\`npm run district:purge -- --purge-id ${accepted.purgeId}\` waits for the confirmations and writes the certificate)`,
      );
    }
    return await keepCertificate(o.certificateDir, {
      purgeId: accepted.purgeId,
      cleverDistrictId: o.cleverDistrictId,
      dryRun: o.dryRun,
      requestedBy: o.operator ?? 'district-purge-cli',
      requestedAt: accepted.requestedAt,
      completedAt: new Date().toISOString(),
      services: accepted.services.map((s) => confirmation(confirmed.found.get(s)!)),
      retention,
    });
  } finally {
    await messages.close();
  }
}

/**
 * `npm run district:purge -- --purge-id <id>`: the certificate of a purge already requested (a run that
 * timed out, or lost its terminal). Sends nothing: reads the purge's request and the three services'
 * confirmations from the beginning of the purge topics, waits for any still missing, and writes the
 * certificate (or returns the one already kept for that purge id). `completedAt` is then the last
 * confirmation's `finishedAt`, when the last service's deletes committed.
 */
export async function resumePurge(o: ResumeOptions): Promise<PurgeCertificate> {
  if (!UUID.test(o.purgeId)) throw new PurgeError(`--purge-id must be a purge id (a UUID, as the timed-out run printed it), got '${o.purgeId}'`);
  const purgeId = o.purgeId.toLowerCase();
  const prefix = o.topicPrefix ?? '';
  const retention = await topicRetention(o.kafka, prefix);
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const messages = await PurgeMessages.open(o.kafka, prefix);
  try {
    // The request precedes its confirmations on the topics; once every message that was there when we started
    // has been read, a request still not seen was never made (or has expired from Kafka).
    await messages.until(() => messages.requests.has(purgeId) || messages.caughtUp(), deadline);
    const request = messages.requests.get(purgeId);
    if (!request) {
      throw new PurgeError(
        messages.caughtUp()
          ? `no purge ${purgeId} on ${prefix}${Topics.rosterDistrictPurges.name}: an unknown purge id, or its messages have left Kafka (retention)`
          : `purge ${purgeId}: the purge topics could not be read within ${Math.round(timeoutMs / 1000)} s`,
      );
    }
    if (o.cleverDistrictId !== undefined && o.cleverDistrictId !== request.cleverDistrictId) {
      throw new PurgeError(`purge ${purgeId} is of district '${request.cleverDistrictId}', not '${o.cleverDistrictId}'`);
    }
    const confirmed = await messages.confirmations(purgeId, PURGING_SERVICES, deadline);
    if (!confirmed.complete) {
      throw new PurgeError(
        `purge ${purgeId}: still no confirmation from ${confirmed.missing.join(', ')} within ${Math.round(timeoutMs / 1000)} s ` +
          `(check that those services run and consume <service>.district-purge; run this again to keep waiting)`,
      );
    }
    const services = PURGING_SERVICES.map((s) => confirmation(confirmed.found.get(s)!));
    return await keepCertificate(o.certificateDir, {
      purgeId,
      cleverDistrictId: request.cleverDistrictId,
      dryRun: request.dryRun,
      requestedBy: request.requestedBy,
      requestedAt: request.requestedAt,
      completedAt: services.map((s) => s.finishedAt).sort().at(-1)!,
      services,
      retention,
    });
  } finally {
    await messages.close();
  }
}

interface CertificateFacts {
  purgeId: string;
  cleverDistrictId: string;
  dryRun: boolean;
  requestedBy: string;
  requestedAt: string;
  completedAt: string;
  services: ServiceConfirmation[];
  retention: TopicRetention[];
}

/** Writes the certificate file, never over another: a purge's certificate already kept is returned as it is. */
async function keepCertificate(dir: string, f: CertificateFacts): Promise<PurgeCertificate> {
  const file = resolve(join(dir, `district-purge-${f.purgeId}${f.dryRun ? '.dry-run' : ''}.json`));
  const certificate: PurgeCertificate = {
    certificate: 'roster.district-purge',
    version: 1,
    purgeId: f.purgeId,
    cleverDistrictId: f.cleverDistrictId,
    dryRun: f.dryRun,
    requestedBy: f.requestedBy,
    requestedAt: f.requestedAt,
    completedAt: f.completedAt,
    totalRows: f.services.reduce((n, s) => n + s.totalRows, 0),
    services: f.services,
    kafka: { messagesExpireBy: messagesExpireBy(f.completedAt, f.retention), topics: f.retention },
    file,
  };
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(file, JSON.stringify(certificate, null, 2) + '\n', { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(await readFile(file, 'utf8')) as PurgeCertificate;
  }
  return certificate;
}

/**
 * The purge topics read from their beginning by a consumer group of its own: every purge request and
 * confirmation they hold (they are small, single-purpose topics), as they arrive.
 */
class PurgeMessages {
  readonly requests = new Map<string, DistrictPurgeRequested>();
  private readonly confirmed = new Map<string, Map<string, DistrictPurged>>();
  /** Per `topic/partition`: the end offset when reading started, and the last offset read. */
  private readonly ends = new Map<string, { low: number; high: number }>();
  private readonly read = new Map<string, number>();
  private wake: () => void = () => undefined;

  private constructor(private readonly consumer: Consumer) {}

  static async open(kafka: Kafka, prefix: string): Promise<PurgeMessages> {
    const topics = CONFIRMATION_TOPICS.map((t) => prefix + t);
    const messages = new PurgeMessages(kafka.consumer({ groupId: `roster.district-purge.${randomUUID()}` }));
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const topic of topics) {
        for (const p of await admin.fetchTopicOffsets(topic).catch(() => [])) messages.ends.set(`${topic}/${p.partition}`, { low: Number(p.low), high: Number(p.high) });
      }
    } finally {
      await admin.disconnect();
    }
    const { consumer } = messages;
    await consumer.connect();
    try {
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ topic, partition, message }) => messages.take(`${topic}/${partition}`, message.offset, message.value) });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    return messages;
  }

  async close(): Promise<void> {
    await this.consumer.disconnect().catch(() => undefined);
  }

  /** Whether every message the topics held when reading started has been read. */
  caughtUp(): boolean {
    for (const [key, { low, high }] of this.ends) if (high > low && (this.read.get(key) ?? -1) < high - 1) return false;
    return true;
  }

  /** Waits (woken by each message) until `done()` or the deadline; returns `done()`. */
  async until(done: () => boolean, deadline: number): Promise<boolean> {
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((r) => {
        const timer = setTimeout(r, Math.min(left, 1_000));
        this.wake = () => {
          clearTimeout(timer);
          r();
        };
      });
    }
    return true;
  }

  async confirmations(purgeId: string, services: readonly string[], deadline: number): Promise<{ complete: boolean; found: Map<string, DistrictPurged>; missing: string[] }> {
    const found = () => this.confirmed.get(purgeId) ?? new Map<string, DistrictPurged>();
    const complete = await this.until(() => services.every((s) => found().has(s)), deadline);
    return { complete, found: found(), missing: services.filter((s) => !found().has(s)) };
  }

  private take(key: string, offset: string, value: Buffer | null): void {
    this.read.set(key, Number(offset));
    try {
      if (!value) return;
      const envelope = parseEnvelope(value);
      if (envelope.type === REQUEST_TYPE) {
        const data = envelope.data as DistrictPurgeRequested;
        this.requests.set(data.purgeId, data);
      } else if (CONFIRMATION_TYPES.has(envelope.type)) {
        const data = envelope.data as DistrictPurged;
        const byService = this.confirmed.get(data.purgeId) ?? new Map<string, DistrictPurged>();
        byService.set(data.service, data);
        this.confirmed.set(data.purgeId, byService);
      }
    } catch {
      // Not an event of ours (or not valid): nothing to take from it.
    } finally {
      this.wake();
    }
  }
}

interface Accepted {
  purgeId: string;
  requestedAt: string;
  services: string[];
}

async function requestPurge(o: PurgeOptions): Promise<Accepted> {
  const token = signOperatorToken(o.operator ?? 'district-purge-cli', 'clever-ingestion', o.internalAuthSecret);
  const url = `${o.ingestionUrl.replace(/\/$/, '')}/internal/v1/operator/districts/${encodeURIComponent(o.cleverDistrictId)}/purge`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: token }, body: JSON.stringify({ dryRun: o.dryRun }) });
  } catch (error) {
    throw new PurgeError(`clever-ingestion is not reachable at ${o.ingestionUrl}: ${(error as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status === 404) throw new PurgeError(`unknown district '${o.cleverDistrictId}': clever-ingestion has no connection for it`);
  if (res.status !== 202) throw new PurgeError(`clever-ingestion refused the purge: ${res.status} ${String(body.code ?? '')} ${String(body.detail ?? body.title ?? '')}`.trim());
  return body as unknown as Accepted;
}

function confirmation(d: DistrictPurged): ServiceConfirmation {
  return { service: d.service, startedAt: d.startedAt, finishedAt: d.finishedAt, totalRows: d.tables.reduce((n, t) => n + t.rows, 0), tables: d.tables };
}

/** retention.ms and segment.ms of every topic Roster provisions (all of them carry the district's ids). */
async function topicRetention(kafka: Kafka, prefix: string): Promise<TopicRetention[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = provisionedTopics().map((t) => prefix + t.name);
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((t) => existing.has(t));
    if (present.length === 0) throw new PurgeError(`no Roster topic exists on the brokers${prefix ? ` under the prefix '${prefix}'` : ''} (KAFKA_BROKERS, KAFKA_TOPIC_PREFIX)`);
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: present.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms', 'segment.ms'] })),
    });
    return described.resources
      .map((r) => {
        const value = (name: string) => Number(r.configEntries.find((e) => e.configName === name)?.configValue ?? NaN);
        const retentionMs = value('retention.ms');
        return { topic: r.resourceName, retentionMs: retentionMs < 0 ? null : retentionMs, segmentMs: value('segment.ms') };
      })
      .sort((a, b) => a.topic.localeCompare(b.topic));
  } finally {
    await admin.disconnect();
  }
}

/** When every message written before `completedAt` has left every topic (null: a topic keeps messages forever). */
export function messagesExpireBy(completedAt: string, topics: readonly TopicRetention[]): string | null {
  if (topics.length === 0 || topics.some((t) => t.retentionMs === null || !Number.isFinite(t.segmentMs))) return null;
  const longest = Math.max(...topics.map((t) => (t.retentionMs as number) + t.segmentMs));
  return new Date(Date.parse(completedAt) + longest + RETENTION_CHECK_MS).toISOString();
}

/** The certificate as the command prints it. */
export function formatCertificate(c: PurgeCertificate): string {
  const lines = [
    `District purge certificate${c.dryRun ? ' (DRY RUN: nothing was deleted)' : ''}`,
    `  purge id        ${c.purgeId}`,
    `  district        ${c.cleverDistrictId} (Clever id)`,
    `  requested       ${c.requestedAt} by ${c.requestedBy}`,
    `  completed       ${c.completedAt}`,
    `  rows ${c.dryRun ? 'to delete' : 'deleted  '}  ${c.totalRows}`,
  ];
  for (const s of c.services) {
    lines.push(`  ${s.service}: ${s.totalRows} rows (${s.startedAt} – ${s.finishedAt})`);
    for (const t of s.tables) lines.push(`    ${t.table.padEnd(28)} ${String(t.rows).padStart(9)}`);
  }
  const forever = c.kafka.topics.filter((t) => t.retentionMs === null).map((t) => t.topic);
  lines.push(
    c.kafka.messagesExpireBy
      ? `  Kafka: the district's messages expire from every topic by ${c.kafka.messagesExpireBy} (retention.ms + segment.ms of the longest-kept topic)`
      : `  Kafka: WARNING: ${forever.length ? `${forever.join(', ')} keep messages forever (no retention.ms)` : 'retention unknown'}; the district's messages do not expire`,
    `  kept in ${c.file}`,
  );
  return lines.join('\n');
}
