/**
 * The fault model: every kind is injected while the day's work is in flight, and each returns once the fault is
 * over (the process restarted by the supervisor, the server back, the token restored).
 */
import { Kafka, logLevel } from "kafkajs";
import type { Sandbox } from "@roster/clever-sandbox";
import type { Cluster } from "../stack/cluster";
import { Rng } from "./rng";

export const PROCESS_KILLS = [
  "kill:clever-ingestion-api",
  "kill:clever-ingestion-consumer",
  "kill:clever-ingestion-relay",
  "kill:identity-api",
  "kill:identity-consumer",
  "kill:identity-relay",
  "kill:classes-api",
  "kill:classes-consumer",
  "kill:classes-relay",
  "kill:gateway",
] as const;

export const FAULT_KINDS = [
  ...PROCESS_KILLS,
  "broker_restart",
  "postgres_restart",
  "clever_429_storm",
  "clever_5xx_burst",
  "clever_truncated_bodies",
  "clever_slow_responses",
  "token_revoked_restored",
  "events_cursor_expired",
  "poison_message",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DAY_MS = 86_400_000;

export interface SyncStatus {
  connection: { state: string };
  runs: Array<{
    id: string;
    trigger: string;
    status: string;
    startedAt: string;
  }>;
}

export interface FaultRecord {
  kind: FaultKind;
  day: number;
  target?: string;
  startedAt: number;
  endedAt?: number;
  note?: string;
  failed?: boolean;
}

export class FaultInjector {
  readonly log: FaultRecord[] = [];
  /** Keys of the poison messages injected, to tell them from the product's own dead letters. */
  readonly poisonKeys = new Set<string>();
  /** How far the sandbox's clock was moved (rate-limit reset headers are given in real time despite it). */
  private clockOffsetMs = 0;
  lastFaultEndedAt = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly sandbox: Sandbox,
    private readonly districtId: string,
    private readonly rng: Rng,
    private readonly say: (line: string) => void,
    /** Starts a full sync ("sync now"), so Clever-side faults meet a full read as well as the events polls. */
    private readonly syncNow: () => Promise<void> = async () => undefined,
    /** The district's sync status through the public API (to note what Roster made of a fault). */
    private readonly syncStatus: () => Promise<
      SyncStatus | undefined
    > = async () => undefined,
  ) {}

  /**
   * A day's faults in parallel lanes (process kills one after another; broker/PostgreSQL; Clever's side; poison),
   * so that faults overlap as they do in a real cluster while each lane stays readable in the log.
   */
  async injectDay(kinds: readonly FaultKind[], day: number): Promise<void> {
    const lane = (k: FaultKind) =>
      k.startsWith("kill:")
        ? "kill"
        : k === "broker_restart" || k === "postgres_restart"
          ? "infra"
          : k === "poison_message"
            ? "poison"
            : "clever";
    const lanes = new Map<string, FaultKind[]>();
    // On Clever's side the token and cursor faults go last: while a district is disconnected no request reaches
    // Clever, and a 5xx burst planned then would meet nothing.
    const late = (k: FaultKind) =>
      k === "token_revoked_restored" || k === "events_cursor_expired" ? 1 : 0;
    for (const k of [...kinds].sort((a, b) => late(a) - late(b)))
      lanes.set(lane(k), [...(lanes.get(lane(k)) ?? []), k]);
    await Promise.all(
      [...lanes.values()].map(async (list) => {
        for (const k of list) await this.inject(k, day);
      }),
    );
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const f of this.log)
      if (!f.failed) out[f.kind] = (out[f.kind] ?? 0) + 1;
    return out;
  }

  async inject(kind: FaultKind, day: number): Promise<void> {
    const record: FaultRecord = { kind, day, startedAt: Date.now() };
    this.log.push(record);
    try {
      await this.run(kind, record);
    } catch (error) {
      // A fault that could not be injected is reported as such, never counted as injected.
      record.failed = true;
      record.note = `${record.note ? `${record.note}; ` : ""}injection failed: ${(error as Error).message}`;
    } finally {
      record.endedAt = Date.now();
      this.lastFaultEndedAt = record.endedAt;
      this.say(
        `  day ${day}: fault ${kind}${record.target ? ` (${record.target})` : ""}${record.note ? ` — ${record.note}` : ""}, ${record.endedAt - record.startedAt} ms`,
      );
    }
  }

  private async run(kind: FaultKind, record: FaultRecord): Promise<void> {
    const admin = this.sandbox.admin;
    if (kind.startsWith("kill:")) {
      const prefix = kind.slice("kill:".length);
      const names = this.cluster.processes
        .map((p) => p.name)
        .filter((n) => n.startsWith(`${prefix}-`) && /-\d+$/.test(n));
      const name = this.rng.pick(names);
      record.target = name;
      const pid = this.cluster.kill(name);
      record.note = pid ? `SIGKILL pid ${pid}` : "was not running";
      // The supervisor restarts it; the fault is over when it is ready again.
      await sleep(500);
      await this.cluster.supervisor
        .waitReady(name, 180_000)
        .catch(
          (e: Error) => (record.note += `; not ready again: ${e.message}`),
        );
      return;
    }
    switch (kind) {
      case "broker_restart": {
        const downMs = this.rng.int(5_000, 15_000);
        await this.cluster.broker.kill();
        record.note = `SIGKILL, down ${downMs} ms`;
        await sleep(downMs);
        await this.cluster.broker.start();
        return;
      }
      case "postgres_restart": {
        const downMs = this.rng.int(3_000, 8_000);
        await this.cluster.postgres.kill();
        record.note = `SIGKILL of the postmaster and its backends, down ${downMs} ms`;
        await sleep(downMs);
        await this.cluster.postgres.start();
        return;
      }
      case "clever_429_storm": {
        // X-RateLimit-Reset a few seconds ahead in real time, whatever the sandbox's (advanced) clock says.
        admin.injectFault({
          kind: "rate_limit",
          count: 40,
          resetInSeconds: 3 - Math.floor(this.clockOffsetMs / 1000),
        });
        record.note = `429 to ${await this.drain(40, 45_000)} of 40 planned requests`;
        return;
      }
      case "clever_5xx_burst":
        admin.injectFault({
          kind: "server_error",
          count: 15,
          status: this.rng.pick([500, 502, 503]),
        });
        record.note = `5xx to ${await this.drain(15, 45_000)} of 15 planned requests`;
        return;
      case "clever_truncated_bodies":
        admin.injectFault({ kind: "truncated", count: 8 });
        record.note = `${await this.drain(8, 45_000)} of 8 planned bodies cut in half`;
        return;
      case "clever_slow_responses":
        admin.injectFault({ kind: "slow", count: 6, delayMs: 4_000 });
        record.note = `${await this.drain(6, 60_000)} of 6 planned responses delayed 4 s`;
        return;
      case "token_revoked_restored": {
        const downMs = this.rng.int(5_000, 12_000);
        admin.revokeToken(this.districtId);
        let disconnected = false;
        const until = Date.now() + downMs;
        while (Date.now() < until) {
          disconnected ||=
            (await this.syncStatus().catch(() => undefined))?.connection
              .state === "disconnected";
          await sleep(1000);
        }
        admin.rotateToken(this.districtId);
        record.note = `revoked ${downMs} ms, then a new token listed; Roster showed the district ${disconnected ? "disconnected meanwhile" : "connected throughout"}`;
        // The fault is over when Roster is connected again (token discovery finds the new token).
        const restoredAt = Date.now();
        const reconnectBy = restoredAt + 420_000;
        let connected = false;
        while (!connected && Date.now() < reconnectBy) {
          await sleep(2000);
          connected =
            (await this.syncStatus().catch(() => undefined))?.connection
              .state === "connected";
        }
        record.note += connected
          ? `; connected again ${Date.now() - restoredAt} ms after the new token was listed`
          : "; still disconnected 420 s after the new token was listed";
        return;
      }
      case "events_cursor_expired":
        // Roster's cursor is the newest event it saw; 31 days later it is past the 30-day retention.
        admin.advanceClock(31 * DAY_MS);
        this.clockOffsetMs += 31 * DAY_MS;
        record.note = "sandbox clock +31 days";
        {
          const before = new Set(
            ((await this.syncStatus().catch(() => undefined))?.runs ?? []).map(
              (r) => r.id,
            ),
          );
          const until = Date.now() + 45_000;
          let seen: string | undefined;
          while (!seen && Date.now() < until) {
            await sleep(1500);
            seen = (
              (await this.syncStatus().catch(() => undefined))?.runs ?? []
            ).find(
              (r) => !before.has(r.id) && r.trigger === "cursor_expired",
            )?.status;
          }
          record.note += seen
            ? `; Roster started a cursor_expired full sync (${seen})`
            : "; no cursor_expired full sync seen within 45 s";
        }
        return;
      case "poison_message":
        record.note = await this.poison();
        return;
    }
  }

  /**
   * Starts a full sync, then waits until the sandbox's fault rule is used up (events polls and the sync hit it) or
   * the time is up; answers how many requests it hit.
   */
  private async drain(planned: number, timeoutMs: number): Promise<number> {
    await this.syncNow().catch(() => undefined);
    const deadline = Date.now() + timeoutMs;
    while (this.sandbox.admin.faults().length > 0 && Date.now() < deadline)
      await sleep(250);
    const left = this.sandbox.admin
      .faults()
      .reduce((n, f) => n + f.remaining, 0);
    this.sandbox.admin.clearFaults();
    if (left === planned)
      throw new Error(`no Clever request met it within ${timeoutMs / 1000} s`);
    return planned - left;
  }

  /** A message no consumer can parse, on a topic classes consumes, keyed like a real account event. */
  private async poison(): Promise<string> {
    const key = `chaos-poison-${Date.now()}`;
    this.poisonKeys.add(key);
    // The broker may be down in another lane: keep trying until it is back.
    const deadline = Date.now() + 180_000;
    for (;;) {
      const kafka = new Kafka({
        clientId: "chaos-poison",
        brokers: this.cluster.broker.brokers,
        logLevel: logLevel.NOTHING,
        retry: { retries: 2 },
      });
      const producer = kafka.producer();
      try {
        await producer.connect();
        await producer.send({
          topic: "identity.accounts.v1",
          messages: [
            { key, value: '{"this is": not json', headers: { ce_id: key } },
          ],
        });
        return `unparseable message ${key} on identity.accounts.v1`;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(2000);
      } finally {
        await producer.disconnect().catch(() => undefined);
      }
    }
  }
}
