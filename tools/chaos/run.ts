/**
 * One seeded school year against the distributed shape (tools/stack's cluster with the chart's api/consumer/relay
 * split, two replicas of every api and consumer process, two gateways), with faults, then the oracle.
 */
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "@roster/clever-sandbox";
import { startCluster, type Cluster } from "../stack/cluster";
import { AdminModel, Admins, type Principal } from "./admins";
import { ApiClient } from "./api";
import { databaseChecks, kafkaChecks, type Checks } from "./checks";
import {
  FAULT_KINDS,
  FaultInjector,
  type FaultKind,
  type SyncStatus,
} from "./faults";
import { compare, type Comparison } from "./oracle";
import { Rng } from "./rng";
import { CleverWorld } from "./world";

export interface ChaosOptions {
  seed: number;
  days: number;
  repoRoot: string;
  dataDir: string;
  basePort: number;
  runner: "dist" | "source";
  /** Admin actions per principal per school day. */
  actionsPerPrincipal?: number;
  /** How long to wait for the state to equal the oracle after the last fault. */
  convergenceTimeoutMs?: number;
  /** Fault kinds to inject (default: every kind once; more on long runs). */
  faultKinds?: readonly FaultKind[];
  say?: (line: string) => void;
}

export interface ChaosResult {
  seed: number;
  days: number;
  shape: Record<string, unknown>;
  cleverChanges: number;
  cleverChangesByKind: Record<string, number>;
  adminActions: number;
  adminActionsByKind: Record<string, number>;
  adminAccepted: number;
  adminRefused: Record<string, number>;
  adminUnknownOutcomes: string[];
  faults: Record<string, number>;
  faultLog: Array<{
    kind: string;
    day: number;
    target?: string;
    note?: string;
    failed?: boolean;
    ms: number;
  }>;
  safeguard: {
    day: number;
    unshared: number;
    held: boolean;
    decision: "approve" | "reject" | "none";
    note?: string;
  } | null;
  converged: boolean;
  convergedMs: number | null;
  lost: number;
  duplicated: number;
  mismatchCount: number;
  mismatches: string[];
  deadLetters: Checks["deadLetters"];
  checks: Omit<Checks, "deadLetters"> | { error: string };
  processRestarts: Record<string, number>;
  /** Triggers and statuses of the district's newest (≤ 20) sync runs at the end. */
  lastSyncRuns: Record<string, number>;
  gatewayTroubles: Record<string, number>;
  checked: Comparison["checked"] | null;
  wallMs: number;
  logs: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * How long the district admin waits for a held run. A hold needs a full sync; when the token fault disconnected
 * the district, that waits for the next token discovery (clever-ingestion: every 300 s).
 */
const HOLD_WAIT_MS = 600_000;
/** The first full sync of the demo district, on a loaded 2-core machine with 17 processes starting. */
const FIRST_SYNC_WAIT_MS = 900_000;

interface DayPlan {
  kind: "school" | "summer" | "rollover";
  massUnshare: boolean;
  reconcile: boolean;
  faults: FaultKind[];
}

/** The calendar: school days, a summer without changes, the rollover day, the mid-year mass unshare, faults. */
export function planYear(
  days: number,
  rng: Rng,
  kinds: readonly FaultKind[],
): DayPlan[] {
  const summerFrom = days >= 10 ? Math.round(days * 0.7) : days + 1;
  const rolloverDay = days >= 10 ? Math.round(days * 0.85) : days;
  const massDay = Math.max(2, Math.round(days * 0.4));
  const plan: DayPlan[] = [];
  for (let d = 1; d <= days; d++) {
    const kind =
      d === rolloverDay && days >= 3
        ? "rollover"
        : d >= summerFrom && d < rolloverDay
          ? "summer"
          : "school";
    plan.push({
      kind,
      massUnshare: d === massDay && days >= 2,
      reconcile: kind === "rollover" || d % 7 === 0,
      faults: [],
    });
  }
  // Every kind at least once, spread over the year (the first day is left quiet so the year starts in sync);
  // long years draw extra faults. The cursor expiry goes to a quiet day (summer) where there is one.
  const extra = Math.max(0, Math.floor(days / 10) - 1);
  const list = rng.shuffle([
    ...kinds,
    ...Array.from({ length: extra }, () => rng.pick(kinds)),
  ]);
  const faultDays = plan
    .map((_, i) => i + 1)
    .filter((d) => d > 1 || days === 1);
  list.forEach((kind, i) => {
    let day = faultDays[Math.floor((i * faultDays.length) / list.length)];
    // The token fault disconnects the district until the next token discovery (minutes): it comes last, so it
    // does not hide the year's other Clever-side faults.
    if (kind === "token_revoked_restored")
      day = faultDays[faultDays.length - 1];
    if (kind === "events_cursor_expired") {
      const summer = plan.findIndex((p) => p.kind === "summer");
      if (summer >= 0) day = summer + 1;
    }
    plan[day - 1].faults.push(kind);
  });
  return plan;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const print =
    options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  // The narration also goes to <dataDir>/logs/chaos.log, beside the processes' logs (once the directory exists).
  const narration: string[] = [];
  let narrationFile: string | undefined;
  const say = (line: string) => {
    print(line);
    if (narrationFile)
      appendFileSync(narrationFile, `${new Date().toISOString()} ${line}\n`);
    else narration.push(`${new Date().toISOString()} ${line}`);
  };
  const started = Date.now();
  const rng = new Rng(options.seed);
  const runLabel = `chaos${options.seed}`;
  const logs = join(options.dataDir, "logs");
  let sandbox: Sandbox | undefined;
  let cluster: Cluster | undefined;
  // Ctrl-C or a kill stops everything this run started (by PID), as the normal end does.
  const interrupted = (signal: NodeJS.Signals) => {
    say(`${signal}: stopping the cluster`);
    void (async () => {
      await cluster?.close().catch(() => undefined);
      await sandbox?.close().catch(() => undefined);
      process.exit(130);
    })();
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    sandbox = createSandbox({
      seed: `chaos-${options.seed}`,
      rateLimitPerMinute: null,
      districts: [{ preset: "demo" }],
    });
    const { url: sandboxUrl } = await sandbox.start(options.basePort + 100);
    const cleverDistrict = sandbox.admin.districts()[0].id;
    say(
      `chaos seed ${options.seed}, ${options.days} days; sandbox ${sandboxUrl}; starting the cluster (logs: ${logs})`,
    );
    cluster = await startCluster({
      repoRoot: options.repoRoot,
      dataDir: options.dataDir,
      basePort: options.basePort,
      replicas: 2,
      splitRoles: true,
      gatewayReplicas: 2,
      runner: options.runner,
      sandboxUrl,
      serviceEnv: { CLEVER_EVENTS_POLL_INTERVAL_MS: "1000" },
      logLevel: "warn",
      say: (line) => say(`  ${line}`),
    });
    narrationFile = join(logs, "chaos.log");
    appendFileSync(narrationFile, narration.map((l) => `${l}\n`).join(""));
    say(
      `  cluster ready after ${Date.now() - started} ms: ${cluster.processes.map((p) => p.name).join(" ")}`,
    );

    // ---------------------------------------------------------------- the first sync and the principals
    const world = new CleverWorld(
      sandbox.admin,
      cleverDistrict,
      rng.fork("clever"),
    );
    const expectedAccounts = sandbox.admin.counts(cleverDistrict).accounts;
    const probe = new ApiClient(cluster.gatewayUrl);
    const firstAdmin = await waitForDistrictAdmin(probe);
    await probe.signIn(firstAdmin);
    const accounts = await waitForAccounts(probe, expectedAccounts);
    const only = (kind: string) =>
      accounts.filter(
        (a) =>
          a.status === "active" && a.roles.length === 1 && a.roles[0] === kind,
      );
    const chosen = [
      ...accounts
        .filter((a) => a.id === firstAdmin)
        .map((a) => ({ a, kind: "district_admin" as const })),
      ...only("school_admin")
        .slice(0, 2)
        .map((a) => ({ a, kind: "school_admin" as const })),
      ...only("teacher")
        .slice(0, 2)
        .map((a) => ({ a, kind: "teacher" as const })),
    ];
    const principals: Principal[] = [];
    for (const [i, { a, kind }] of chosen.entries()) {
      const api = new ApiClient(cluster.gatewayUrl);
      await api.signIn(a.id);
      principals.push({
        label: `${kind}-${i}`,
        kind,
        accountId: a.id,
        cleverId: a.cleverId,
        schools: a.schools.map((s) => s.schoolId),
        api,
      });
      world.protectedIds.add(a.cleverId);
    }
    const districtAdmin = principals.find((p) => p.kind === "district_admin")!;
    const districtId = (
      await districtAdmin.api.read<{ districtId: string }>("/me")
    ).districtId;
    const allSchools = (
      await districtAdmin.api.all<{ id: string }>("/schools")
    ).map((s) => s.id);
    districtAdmin.schools = allSchools;
    for (const p of principals)
      if (p.schools.length === 0) p.schools = allSchools;
    say(
      `  first sync done (${expectedAccounts} accounts) after ${Date.now() - started} ms; principals: ${principals.map((p) => p.label).join(", ")}`,
    );

    // ---------------------------------------------------------------- the year
    const model = new AdminModel();
    const admins = new Admins(
      principals,
      model,
      world,
      rng.fork("admins"),
      runLabel,
      districtId,
    );
    const syncNow = async () =>
      void (await districtAdmin.api.once(
        "POST",
        `/districts/${districtId}/sync`,
      ));
    const syncStatus = async () =>
      districtAdmin.api.read<SyncStatus>(
        `/districts/${districtId}/sync`,
        10_000,
      );
    const faults = new FaultInjector(
      cluster,
      sandbox,
      cleverDistrict,
      rng.fork("faults"),
      say,
      syncNow,
      syncStatus,
    );
    const plan = planYear(
      options.days,
      rng.fork("calendar"),
      options.faultKinds ?? FAULT_KINDS,
    );
    const cleverRng = rng.fork("clever-days");
    const enrolledStudentClever = () => {
      const accounts = new Set(model.enrollments.map((e) => e.studentId));
      return accounts;
    };
    let safeguard: ChaosResult["safeguard"] = null;
    let safeguardDecision: Promise<void> = Promise.resolve();
    let lastWorkEnded = Date.now();
    for (let day = 1; day <= options.days; day++) {
      const p = plan[day - 1];
      const dayStarted = Date.now();
      let faultsOver = false;
      const faultWork = faults
        .injectDay(p.faults, day)
        .finally(() => (faultsOver = true));
      const changesBefore = world.totalChanges();
      playCleverDay(
        world,
        p.kind,
        day,
        cleverRng,
        admins,
        enrolledStudentClever,
      );
      if (p.kind !== "summer")
        await admins.day(day, options.actionsPerPrincipal ?? 3);
      // The district admin answers the hold when it appears (a held run needs a full sync, which may wait for a
      // fault to pass); the year goes on meanwhile.
      if (p.massUnshare)
        safeguardDecision = massUnshare(
          world,
          admins,
          districtAdmin,
          districtId,
          day,
          rng.fork("safeguard"),
          say,
        ).then((r) => void (safeguard = r));
      if (p.reconcile) await syncNow();
      // Work stays in flight while the day's faults last: more rounds of Clever changes and admin actions.
      for (
        let round = 0;
        !faultsOver && round < 20 && p.kind !== "summer";
        round++
      ) {
        playCleverDay(
          world,
          "school",
          day,
          cleverRng,
          admins,
          enrolledStudentClever,
          2,
        );
        await admins.day(day, 1);
        await Promise.race([faultWork, sleep(2000)]);
      }
      await faultWork;
      const elapsed = Date.now() - dayStarted;
      if (elapsed < 2500) await sleep(2500 - elapsed);
      say(
        `  day ${day} (${p.kind}): ${world.totalChanges() - changesBefore} Clever changes, ${model.total()} admin actions so far, ${p.faults.length} faults, ${Date.now() - dayStarted} ms`,
      );
      lastWorkEnded = Date.now();
    }

    // ---------------------------------------------------------------- convergence
    sandbox.admin.clearFaults();
    await safeguardDecision;
    await cluster
      .waitAllReady(180_000)
      .catch((e: Error) => say(`  not every process is ready: ${e.message}`));
    const lastFault = Math.max(faults.lastFaultEndedAt, lastWorkEnded);
    const deadline = Date.now() + (options.convergenceTimeoutMs ?? 480_000);
    let comparison: Comparison | undefined;
    let converged = false;
    let convergedMs: number | null = null;
    for (;;) {
      try {
        comparison = await compare(
          districtAdmin.api,
          world,
          model,
          districtId,
          runLabel,
        );
        const db = await databaseChecks(cluster);
        const drained = Object.values(db.outboxPending).every((n) => n === 0);
        if (comparison.mismatches.length === 0 && drained) {
          converged = true;
          convergedMs = Date.now() - lastFault;
          break;
        }
        say(
          `  not converged yet: ${comparison.mismatches.length} mismatches${drained ? "" : `, outbox pending ${JSON.stringify(db.outboxPending)}`}${comparison.mismatches[0] ? `; e.g. ${comparison.mismatches[0]}` : ""}`,
        );
      } catch (e) {
        say(`  comparison failed: ${(e as Error).message}`);
      }
      if (Date.now() > deadline) break;
      await sleep(5_000);
    }

    let checks: ChaosResult["checks"];
    let deadLetters: Checks["deadLetters"] = [];
    try {
      const db = await databaseChecks(cluster);
      const k = await kafkaChecks(cluster, faults.poisonKeys);
      deadLetters = k.deadLetters;
      checks = {
        ...db,
        consumerLag: k.consumerLag,
        duplicateEvents: k.duplicateEvents,
        republishedSameId: k.republishedSameId,
      };
    } catch (e) {
      checks = { error: (e as Error).message };
    }
    const mismatches = [
      ...(comparison?.mismatches ?? ["no comparison could be made"]),
    ];
    let duplicated = comparison?.duplicated ?? 0;
    if ("duplicateEvents" in checks) {
      duplicated += checks.duplicateEvents.length;
      for (const d of checks.duplicateEvents.slice(0, 20))
        mismatches.push(`published twice with different ids: ${d}`);
      for (const [group, lag] of Object.entries(checks.consumerLag))
        if (lag > 0) mismatches.push(`consumer group ${group}: lag ${lag}`);
      for (const [service, n] of Object.entries(checks.outboxPending))
        if (n !== 0)
          mismatches.push(`outbox of ${service}: ${n} rows unpublished`);
    }
    const finalSync = await syncStatus().catch(() => undefined);
    const syncRuns: Record<string, number> = {};
    for (const r of finalSync?.runs ?? [])
      syncRuns[`${r.trigger}/${r.status}`] =
        (syncRuns[`${r.trigger}/${r.status}`] ?? 0) + 1;
    const restarts: Record<string, number> = {};
    for (const name of cluster.supervisor.names())
      restarts[name] = cluster.supervisor.restarts(name);
    const troubles: Record<string, number> = {};
    for (const p of principals)
      for (const [k, n] of p.api.troubles) troubles[k] = (troubles[k] ?? 0) + n;
    return {
      seed: options.seed,
      days: options.days,
      shape: {
        district: "demo (3 schools, ~900 students)",
        processes: cluster.processes.map((p) => p.name),
        pollIntervalMs: 1000,
        postgres: "durable (fsync on, synchronous_commit on)",
        principals: principals.map((p) => p.label),
      },
      cleverChanges: world.totalChanges(),
      cleverChangesByKind: Object.fromEntries(world.changes),
      adminActions: model.total(),
      adminActionsByKind: Object.fromEntries(model.actions),
      adminAccepted: model.accepted,
      adminRefused: Object.fromEntries(model.refused),
      adminUnknownOutcomes: model.unknownOutcomes,
      faults: faults.counts(),
      faultLog: faults.log.map((f) => ({
        kind: f.kind,
        day: f.day,
        target: f.target,
        note: f.note,
        failed: f.failed,
        ms: (f.endedAt ?? Date.now()) - f.startedAt,
      })),
      safeguard,
      converged,
      convergedMs,
      lost: comparison?.lost ?? 0,
      duplicated,
      mismatchCount: mismatches.length,
      mismatches: mismatches.slice(0, 50),
      deadLetters,
      checks,
      processRestarts: restarts,
      lastSyncRuns: syncRuns,
      gatewayTroubles: troubles,
      checked: comparison?.checked ?? null,
      wallMs: Date.now() - started,
      logs,
    };
  } finally {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    await cluster?.close().catch(() => undefined);
    await sandbox?.close().catch(() => undefined);
    // Keep the logs; the databases and the broker's data are large and say nothing the logs don't.
    rmSync(join(options.dataDir, "pg"), { recursive: true, force: true });
    rmSync(join(options.dataDir, "kafka"), { recursive: true, force: true });
  }
}

async function waitForDistrictAdmin(api: ApiClient): Promise<string> {
  const deadline = Date.now() + FIRST_SYNC_WAIT_MS;
  for (;;) {
    const res = await api.once<{
      data: Array<{ accountId: string; roles: string[] }>;
    }>("GET", "/auth/dev-users");
    const admin =
      res.status === 200
        ? res.body.data.find((u) => u.roles.includes("district_admin"))
        : undefined;
    if (admin) return admin.accountId;
    if (Date.now() > deadline)
      throw new Error(
        `no district admin account after ${FIRST_SYNC_WAIT_MS / 1000} s (dev-users answered ${res.status})`,
      );
    await sleep(2000);
  }
}

interface AccountRow {
  id: string;
  cleverId: string;
  status: string;
  roles: string[];
  schools: { schoolId: string }[];
}

async function waitForAccounts(
  api: ApiClient,
  expected: number,
): Promise<AccountRow[]> {
  const deadline = Date.now() + FIRST_SYNC_WAIT_MS;
  for (;;) {
    const all = await api.all<AccountRow>("/accounts?status=active");
    if (all.length >= expected) return all;
    if (Date.now() > deadline)
      throw new Error(
        `the first sync did not finish: ${all.length} of ${expected} accounts after ${FIRST_SYNC_WAIT_MS / 1000} s`,
      );
    await sleep(2000);
  }
}

/** One day of Clever changes. */
function playCleverDay(
  world: CleverWorld,
  kind: DayPlan["kind"],
  day: number,
  rng: Rng,
  admins: Admins,
  enrolled: () => Set<string>,
  count?: number,
): void {
  if (kind === "summer") return;
  void admins;
  void enrolled;
  const n = count ?? (kind === "rollover" ? 0 : rng.int(3, 8));
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (r < 0.14) world.newStudent(day);
    else if (r < 0.26) world.leaver(day);
    else if (r < 0.36) world.mover(day);
    else if (r < 0.5) world.gradeChange(day);
    else if (r < 0.6) world.nameChange(day);
    else if (r < 0.7) world.emailChange(day);
    else if (r < 0.78) world.teacherAdded(day);
    else if (r < 0.85) world.teacherRemoved(day);
    else if (r < 0.92) world.returningStudent(day);
    else world.cleverIdChange(day);
  }
  if (count === undefined && (day === 2 || (day > 2 && rng.chance(0.05))))
    world.cleverIdChange(day);
  if (kind === "rollover") {
    // The next year: most students move up a grade, some leave, some arrive, some change school; teachers come and go.
    const students = world
      .sharedIds("student")
      .filter((id) => world.stable(id, day) && !world.protectedIds.has(id));
    for (const id of rng.sample(students, Math.round(students.length * 0.3)))
      world.gradeChange(day, id);
    for (let i = 0; i < 15; i++) world.leaver(day);
    for (let i = 0; i < 15; i++) world.newStudent(day);
    for (let i = 0; i < 8; i++) world.mover(day);
    for (let i = 0; i < 2; i++) world.teacherRemoved(day);
    for (let i = 0; i < 2; i++) world.teacherAdded(day);
  }
}

/**
 * The district unshares ~30% of its users at once. The safeguard must hold the archives; the district admin then
 * approves (they are archived) or rejects (the district shares them again, nothing is archived).
 */
async function massUnshare(
  world: CleverWorld,
  admins: Admins,
  districtAdmin: Principal,
  districtId: string,
  day: number,
  rng: Rng,
  say: (l: string) => void,
): Promise<ChaosResult["safeguard"]> {
  const enrolledClever = new Set<string>();
  await admins.refresh();
  const accounts = await districtAdmin.api.all<{
    id: string;
    cleverId: string;
  }>("/accounts?role=student");
  const byId = new Map(accounts.map((a) => [a.id, a.cleverId]));
  for (const e of admins.model.enrollments)
    enrolledClever.add(byId.get(e.studentId) ?? "");
  const placed = new Set(
    [...admins.model.placements.keys()].map((id) => byId.get(id) ?? ""),
  );
  const ids = world.massUnshare(
    day,
    0.3,
    (id) => enrolledClever.has(id) || placed.has(id),
  );
  const unsharedAt = Date.now();
  const decision: "approve" | "reject" = rng.chance(0.5) ? "approve" : "reject";
  const deadline = Date.now() + HOLD_WAIT_MS;
  for (;;) {
    const sync = await districtAdmin.api
      .read<{ held: { runId: string; removals: number } | null }>(
        `/districts/${districtId}/sync`,
      )
      .catch(() => ({ held: null }));
    if (sync.held) {
      for (let attempt = 0; attempt < 10; attempt++) {
        const res = await districtAdmin.api.once(
          "POST",
          `/districts/${districtId}/sync/runs/${sync.held.runId}/${decision}`,
        );
        if (res.status === 200 || res.status === 202) break;
        await sleep(2000);
      }
      if (decision === "reject") {
        world.forgetInterval(ids);
        world.reshareAll(day, ids);
      }
      const waitedMs = Date.now() - unsharedAt;
      say(
        `  day ${day}: mass unshare of ${ids.length} students held after ${waitedMs} ms (${sync.held.removals} removals); decision: ${decision}`,
      );
      return {
        day,
        unshared: ids.length,
        held: true,
        decision,
        note: `held ${waitedMs} ms after the unshare, ${sync.held.removals} removals held`,
      };
    }
    if (Date.now() > deadline) {
      say(
        `  day ${day}: mass unshare of ${ids.length} students was NOT held within ${HOLD_WAIT_MS / 1000} s`,
      );
      return {
        day,
        unshared: ids.length,
        held: false,
        decision: "none",
        note: `no held run appeared within ${HOLD_WAIT_MS / 1000} s`,
      };
    }
    await sleep(2000);
  }
}

export function writeResult(repoRoot: string, result: ChaosResult): string {
  const dir = join(repoRoot, "bench/results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `chaos-${result.seed}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
