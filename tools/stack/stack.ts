/**
 * `npm run stack` — the distributed shape on one machine: a real Kafka broker (tools/kafka), a durable PostgreSQL
 * (one database per service), the Clever sandbox, and every service as its own process started from `dist/` with
 * its production command. Migrations and topic provisioning run first, as the Helm hook Jobs do. Processes are
 * supervised: one that exits is restarted with a backoff (the rest keeps running). Ctrl-C stops everything it
 * started (by PID).
 *
 *   PORT (3000) gateway; services on PORT+101..103, the sandbox on PORT+100; STACK_DATA_DIR (.data/stack)
 *   STACK_REPLICAS (1)       api and consumer processes per service
 *   STACK_SPLIT_ROLES (0)    1: separate api / consumer / relay processes, as the Helm chart runs them
 *   STACK_GATEWAYS (1)       gateway replicas (behind one port)
 *   CLEVER_EVENTS_POLL_INTERVAL_MS, CLEVER_FULL_SYNC_CRON   passed to clever-ingestion as they are (service defaults otherwise)
 *   Logs: one file per process under STACK_DATA_DIR/logs (warnings and errors are also printed).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { startCluster, type Cluster } from "./cluster";

/** The repository root, from the source tree or from dist/ (the script runs compiled). */
function findRepoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, "package.json"))) return dir;
  throw new Error(`no package.json above ${from}`);
}
const say = (line: string) => process.stdout.write(`${line}\n`);

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(
      `${name} must be a non-negative integer, got ${JSON.stringify(raw)}\n`,
    );
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const repoRoot = findRepoRoot(__dirname);
  const port = intEnv("PORT", 3000);
  const dataDir = process.env.STACK_DATA_DIR ?? join(repoRoot, ".data/stack");
  let cluster: Cluster | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say("stopping the stack…");
    await cluster?.close();
    say("stopped");
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  const serviceEnv: NodeJS.ProcessEnv = {};
  for (const name of [
    "CLEVER_EVENTS_POLL_INTERVAL_MS",
    "CLEVER_FULL_SYNC_CRON",
  ])
    if (process.env[name]) serviceEnv[name] = process.env[name];
  try {
    say("Roster — local cluster (npm run stack)");
    cluster = await startCluster({
      repoRoot,
      dataDir,
      basePort: port,
      replicas: Math.max(1, intEnv("STACK_REPLICAS", 1)),
      splitRoles: process.env.STACK_SPLIT_ROLES === "1",
      gatewayReplicas: Math.max(1, intEnv("STACK_GATEWAYS", 1)),
      runner: "dist",
      serviceEnv,
      echo: true,
      say: (line) => say(`  ${line}`),
    });
    say("");
    say(
      `  Admin UI and API:  http://localhost:${port}   (API docs: http://localhost:${port}/api/docs)`,
    );
    say(`  Clever sandbox:    ${cluster.sandboxUrl}`);
    say(
      `  Health, metrics:   ${cluster.gatewayManagementUrl}/health/ready, /metrics (gateway; services on ${port + 201}..${port + 203})`,
    );
    say(
      `  Processes:         ${cluster.processes.map((p) => p.name).join(", ")} (supervised: restarted if they exit)`,
    );
    say(`  Logs:              ${cluster.logDir()}`);
    say(
      "  Sign in:           pick a demo user on the sign-in page (AUTH_MODE=dev)",
    );
    say("  Stop:              Ctrl-C");
    say("  ready");
  } catch (error) {
    process.stderr.write(
      `stack failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await stop(1);
  }
}

void main();
