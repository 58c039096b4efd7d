import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { INTERNAL_TOKEN_HEADER, signOperatorToken } from '@roster/authz';
import { Topics, parseEnvelope, provisionedTopics, type DistrictPurged } from '@roster/contracts';

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
/** log.retention.check.interval.ms, the broker default: how often expired segments are looked for. */
const RETENTION_CHECK_MS = 5 * 60_000;

/**
 * `npm run district:purge`: asks clever-ingestion (operator token) to purge a district, waits for every
 * service's `*.district.purged` confirmation on Kafka, and writes and returns the purge certificate.
 */
export async function purgeDistrict(o: PurgeOptions): Promise<PurgeCertificate> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(o.cleverDistrictId)) throw new PurgeError(`--district must be a Clever district id, got '${o.cleverDistrictId}'`);
  const prefix = o.topicPrefix ?? '';
  const retention = await topicRetention(o.kafka, prefix);
  // Read from the start of the (single-partition, small) confirmation topics and pick our purge id: no
  // confirmation can be missed, however fast the services are.
  const consumer = o.kafka.consumer({ groupId: `roster.district-purge.${randomUUID()}` });
  const confirmations = new Map<string, DistrictPurged>();
  let purgeId: string | undefined;
  let wake: () => void = () => undefined;
  const early: DistrictPurged[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: CONFIRMATION_TOPICS.map((t) => prefix + t), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        let data: DistrictPurged;
        try {
          const envelope = parseEnvelope(message.value);
          if (!CONFIRMATION_TYPES.has(envelope.type)) return;
          data = envelope.data as DistrictPurged;
        } catch {
          return;
        }
        if (purgeId === undefined) early.push(data);
        else if (data.purgeId === purgeId) confirmations.set(data.service, data);
        wake();
      },
    });
    const accepted = await requestPurge(o);
    purgeId = accepted.purgeId;
    for (const data of early) if (data.purgeId === purgeId) confirmations.set(data.service, data);
    const deadline = Date.now() + (o.timeoutMs ?? 600_000);
    while (accepted.services.some((s) => !confirmations.has(s))) {
      const left = deadline - Date.now();
      if (left <= 0) {
        const missing = accepted.services.filter((s) => !confirmations.has(s));
        throw new PurgeError(`purge ${purgeId}: no confirmation from ${missing.join(', ')} within ${Math.round((o.timeoutMs ?? 600_000) / 1000)} s (the purge stays requested; run the command again to confirm)`);
      }
      await new Promise<void>((r) => {
        const timer = setTimeout(r, Math.min(left, 1_000));
        wake = () => {
          clearTimeout(timer);
          r();
        };
      });
    }
    const services = accepted.services.map((s) => confirmation(confirmations.get(s)!));
    const completedAt = new Date().toISOString();
    const file = resolve(join(o.certificateDir, `district-purge-${purgeId}${o.dryRun ? '.dry-run' : ''}.json`));
    const certificate: PurgeCertificate = {
      certificate: 'roster.district-purge',
      version: 1,
      purgeId,
      cleverDistrictId: o.cleverDistrictId,
      dryRun: o.dryRun,
      requestedBy: o.operator ?? 'district-purge-cli',
      requestedAt: accepted.requestedAt,
      completedAt,
      totalRows: services.reduce((n, s) => n + s.totalRows, 0),
      services,
      kafka: { messagesExpireBy: messagesExpireBy(completedAt, retention), topics: retention },
      file,
    };
    await mkdir(o.certificateDir, { recursive: true });
    await writeFile(file, JSON.stringify(certificate, null, 2) + '\n', { flag: 'wx' });
    return certificate;
  } finally {
    await consumer.disconnect().catch(() => undefined);
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
