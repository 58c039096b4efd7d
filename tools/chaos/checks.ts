/**
 * Read-only checks where the public API cannot show the answer: outboxes drained, consumer lag, dead letters (and
 * what became of each), and duplicate effects among the published events (two DIFFERENT event ids for one source
 * change; the same id twice is at-least-once delivery, which the inboxes absorb, and is only counted).
 */
import { Kafka, logLevel, type Admin } from "kafkajs";
import { Client } from "pg";
import type { Cluster, ServiceName } from "../stack/cluster";
import { SERVICES } from "../stack/cluster";

export interface DeadLetter {
  topic: string;
  key: string | null;
  error?: string;
  /** What the harness can say of it: injected by the harness, or not. */
  origin: "injected poison" | "product";
}

export interface Checks {
  outboxPending: Record<string, number>;
  outboxParked: Record<string, number>;
  inboxDeadLettered: Record<string, number>;
  consumerLag: Record<string, number>;
  deadLetters: DeadLetter[];
  /** Events with a second, different id for the same source change. */
  duplicateEvents: string[];
  /** The same event id published more than once (absorbed by the inboxes). */
  republishedSameId: number;
}

async function scalar(url: string, sql: string): Promise<number | undefined> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
    const res = await client.query(sql);
    return Number(Object.values(res.rows[0] ?? { n: 0 })[0] ?? 0);
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function hasColumn(
  url: string,
  table: string,
  column: string,
): Promise<boolean> {
  return (
    ((await scalar(
      url,
      `select count(*) from information_schema.columns where table_name = '${table}' and column_name = '${column}'`,
    )) ?? 0) > 0
  );
}

export async function databaseChecks(
  cluster: Cluster,
): Promise<
  Pick<Checks, "outboxPending" | "outboxParked" | "inboxDeadLettered">
> {
  const outboxPending: Record<string, number> = {};
  const outboxParked: Record<string, number> = {};
  const inboxDeadLettered: Record<string, number> = {};
  for (const service of SERVICES as readonly ServiceName[]) {
    const url = cluster.dbUrl(service);
    const parked = await hasColumn(url, "outbox_message", "parked_at");
    outboxPending[service] =
      (await scalar(
        url,
        `select count(*) from outbox_message where published_at is null${parked ? " and parked_at is null" : ""}`,
      )) ?? -1;
    outboxParked[service] = parked
      ? ((await scalar(
          url,
          "select count(*) from outbox_message where parked_at is not null",
        )) ?? -1)
      : 0;
    inboxDeadLettered[service] =
      (await scalar(
        url,
        "select count(*) from inbox_attempt where dead_lettered_at is not null",
      )) ?? -1;
  }
  return { outboxPending, outboxParked, inboxDeadLettered };
}

async function lagOf(admin: Admin): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const { groups } = await admin.listGroups();
  for (const { groupId } of groups) {
    if (groupId.startsWith("chaos-")) continue;
    const offsets = await admin.fetchOffsets({ groupId });
    let lag = 0;
    for (const { topic, partitions } of offsets) {
      const high = new Map(
        (await admin.fetchTopicOffsets(topic)).map((p) => [
          p.partition,
          Number(p.high),
        ]),
      );
      for (const p of partitions) {
        const committed = Number(p.offset);
        const h = high.get(p.partition) ?? 0;
        // -1: nothing committed yet; then everything on the partition is lag.
        lag += committed < 0 ? h : Math.max(0, h - committed);
      }
    }
    out[groupId] = lag;
  }
  return out;
}

interface RawMessage {
  topic: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** Every message of the topics, read from the beginning up to the current high watermarks. */
async function readAll(
  kafka: Kafka,
  admin: Admin,
  topics: string[],
): Promise<RawMessage[]> {
  const targets = new Map<string, number>();
  let total = 0;
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      const high = Number(p.high);
      const low = Number(p.low);
      if (high > low) {
        targets.set(`${topic}/${p.partition}`, high);
        total += high - low;
      }
    }
  }
  if (total === 0) return [];
  const out: RawMessage[] = [];
  const consumer = kafka.consumer({
    groupId: `chaos-reader-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => resolve(), 60_000);
      const remaining = new Map(targets);
      consumer
        .run({
          eachMessage: async ({ topic, partition, message }) => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {}))
              headers[k] =
                v === undefined
                  ? ""
                  : Array.isArray(v)
                    ? v.map(String).join(",")
                    : String(v);
            out.push({
              topic,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers,
            });
            const id = `${topic}/${partition}`;
            if (Number(message.offset) + 1 >= (remaining.get(id) ?? 0))
              remaining.delete(id);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  return out;
}

export async function kafkaChecks(
  cluster: Cluster,
  poisonKeys: Set<string>,
): Promise<
  Pick<
    Checks,
    "consumerLag" | "deadLetters" | "duplicateEvents" | "republishedSameId"
  >
> {
  const kafka = new Kafka({
    clientId: "chaos-checks",
    brokers: cluster.broker.brokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const consumerLag = await lagOf(admin);
    const topics = await admin.listTopics();
    const dlqTopics = topics.filter((t) => t.endsWith(".dlq"));
    const deadLetters: DeadLetter[] = (
      await readAll(kafka, admin, dlqTopics)
    ).map((m) => {
      const errorHeader = Object.entries(m.headers).find(([k]) =>
        /error|reason/i.test(k),
      );
      return {
        topic: m.topic,
        key: m.key,
        error: errorHeader
          ? `${errorHeader[0]}=${errorHeader[1].slice(0, 200)}`
          : undefined,
        origin: m.key && poisonKeys.has(m.key) ? "injected poison" : "product",
      };
    });
    const eventTopics = [
      "identity.accounts.v1",
      "classes.enrollments.v1",
      "classes.classes.v1",
    ].filter((t) => topics.includes(t));
    const messages = await readAll(kafka, admin, eventTopics);
    const byChange = new Map<string, Set<string>>();
    const seenIds = new Map<string, number>();
    for (const m of messages) {
      if (!m.value) continue;
      let env: {
        id?: string;
        type?: string;
        subject?: string;
        version?: number;
        data?: Record<string, unknown>;
      };
      try {
        env = JSON.parse(m.value);
      } catch {
        continue;
      }
      if (!env.id || !env.type) continue;
      seenIds.set(env.id, (seenIds.get(env.id) ?? 0) + 1);
      // One source change = one (type, entity, version); enrollments are keyed by their enrollment id.
      const entity =
        (env.data?.enrollmentId as string | undefined) ??
        env.subject ??
        m.key ??
        "";
      const change = `${env.type} ${entity} v${env.version ?? ""}`;
      byChange.set(change, (byChange.get(change) ?? new Set()).add(env.id));
    }
    const duplicateEvents = [...byChange]
      .filter(([, ids]) => ids.size > 1)
      .map(([change, ids]) => `${change}: ${ids.size} ids`);
    const republishedSameId = [...seenIds.values()].filter((n) => n > 1).length;
    return { consumerLag, deadLetters, duplicateEvents, republishedSameId };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
