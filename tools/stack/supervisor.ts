/**
 * Keeps a set of named processes running, as a container orchestrator would: a process that exits is started
 * again after a backoff (250 ms doubling to 10 s; reset once it has stayed up 30 s), each process's output
 * goes to its own log file, and every process can be stopped, SIGKILLed, started or restarted by name.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { join } from "node:path";

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Answers 2xx once the process is ready (its /health/ready). */
  readyUrl?: string;
  /** Also print its output, prefixed with its name (npm run stack does; the chaos harness keeps files only). */
  echo?: boolean;
}

interface Managed {
  spec: ProcessSpec;
  child?: ChildProcess;
  /** false while deliberately stopped: no restart. */
  wanted: boolean;
  backoffMs: number;
  startedAt: number;
  restarts: number;
  exits: Array<{ at: number; code: number | null; signal: string | null }>;
  restartTimer?: NodeJS.Timeout;
  log: WriteStream;
}

export interface SupervisorOptions {
  logDir: string;
  /** Called for each line worth telling (restarts, give-ups). */
  say?: (line: string) => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Supervisor {
  private readonly processes = new Map<string, Managed>();
  private closing = false;

  constructor(private readonly options: SupervisorOptions) {}

  names(): string[] {
    return [...this.processes.keys()];
  }

  pid(name: string): number | undefined {
    const child = this.get(name).child;
    return child && child.exitCode === null && child.signalCode === null
      ? child.pid
      : undefined;
  }

  restarts(name: string): number {
    return this.get(name).restarts;
  }

  logFile(name: string): string {
    return join(this.options.logDir, `${name}.log`);
  }

  /** Registers and starts a process; it is kept running until stop(name) or close(). */
  add(spec: ProcessSpec): void {
    if (this.processes.has(spec.name))
      throw new Error(`process ${spec.name} exists`);
    const log = createWriteStream(this.logFile(spec.name), { flags: "a" });
    const managed: Managed = {
      spec,
      wanted: true,
      backoffMs: this.options.minBackoffMs ?? 250,
      startedAt: 0,
      restarts: 0,
      exits: [],
      log,
    };
    this.processes.set(spec.name, managed);
    this.spawn(managed);
  }

  private get(name: string): Managed {
    const m = this.processes.get(name);
    if (!m) throw new Error(`no process ${name}`);
    return m;
  }

  private spawn(m: Managed): void {
    if (this.closing) return;
    const { spec } = m;
    m.log.write(
      `\n===== ${new Date().toISOString()} start ${spec.name} =====\n`,
    );
    const child = spawn(spec.command, spec.args, {
      env: spec.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    m.child = child;
    m.startedAt = Date.now();
    const forward = (data: Buffer, to: NodeJS.WriteStream) => {
      m.log.write(data);
      if (spec.echo) {
        const text = data
          .toString()
          .split("\n")
          .filter(Boolean)
          .map((l) => `[${spec.name}] ${l}\n`)
          .join("");
        to.write(text);
      }
    };
    child.stdout!.on("data", (d: Buffer) => forward(d, process.stdout));
    child.stderr!.on("data", (d: Buffer) => forward(d, process.stderr));
    child.once("exit", (code, signal) => {
      m.exits.push({ at: Date.now(), code, signal });
      m.log.write(
        `\n===== ${new Date().toISOString()} ${spec.name} exited code=${code} signal=${signal} =====\n`,
      );
      if (m.child === child) m.child = undefined;
      if (!m.wanted || this.closing) return;
      // A process that stayed up a while starts again at once; one that keeps failing backs off.
      if (Date.now() - m.startedAt > 30_000)
        m.backoffMs = this.options.minBackoffMs ?? 250;
      const delay = m.backoffMs;
      m.backoffMs = Math.min(
        m.backoffMs * 2,
        this.options.maxBackoffMs ?? 10_000,
      );
      this.options.say?.(
        `${spec.name} exited (${signal ?? code}); restarting in ${delay} ms`,
      );
      m.restartTimer = setTimeout(() => {
        m.restartTimer = undefined;
        if (m.wanted && !m.child && !this.closing) {
          m.restarts++;
          this.spawn(m);
        }
      }, delay);
    });
  }

  /** Sends a signal to the process; the supervisor restarts it (SIGKILL + restart = a crashed pod). */
  signal(name: string, signal: NodeJS.Signals): number | undefined {
    const pid = this.pid(name);
    if (pid) process.kill(pid, signal);
    return pid;
  }

  kill(name: string): number | undefined {
    return this.signal(name, "SIGKILL");
  }

  /** Stops the process (SIGTERM, SIGKILL after `graceMs`) and keeps it stopped. */
  async stop(name: string, graceMs = 30_000): Promise<void> {
    const m = this.get(name);
    m.wanted = false;
    if (m.restartTimer) clearTimeout(m.restartTimer);
    m.restartTimer = undefined;
    const child = m.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }

  start(name: string): void {
    const m = this.get(name);
    m.wanted = true;
    m.backoffMs = this.options.minBackoffMs ?? 250;
    if (!m.child && !m.restartTimer) this.spawn(m);
  }

  async restart(name: string, graceMs?: number): Promise<void> {
    await this.stop(name, graceMs);
    this.start(name);
  }

  /** Waits until the process's readyUrl answers 2xx. */
  async waitReady(name: string, timeoutMs = 120_000): Promise<void> {
    const { spec } = this.get(name);
    if (!spec.readyUrl) return;
    await waitForUrl(
      spec.readyUrl,
      timeoutMs,
      () => `see ${this.logFile(name)}`,
    );
  }

  /** Stops everything, in reverse order of registration, in parallel. */
  async close(graceMs = 20_000): Promise<void> {
    const names = this.names().reverse();
    await Promise.all(names.map((n) => this.stop(n, graceMs)));
    this.closing = true;
    await Promise.all(
      [...this.processes.values()].map(
        (m) => new Promise<void>((r) => m.log.end(() => r())),
      ),
    );
  }
}

export async function waitForUrl(
  url: string,
  timeoutMs: number,
  hint: () => string = () => "",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${url} not ready after ${timeoutMs} ms ${hint()}`);
    await sleep(250);
  }
}
