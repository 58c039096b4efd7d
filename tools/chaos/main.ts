/**
 * `npm run chaos -- --seed N --days D [--runner source|dist] [--port P] [--actions K]`
 *
 * Plays a seeded school year against the distributed shape with faults, compares Roster with the oracle, prints
 * the figures and writes bench/results/chaos-<seed>.json. Exit code 0 when the run converged with nothing lost,
 * duplicated or mismatched; 1 otherwise (the JSON says exactly what differs; the processes' logs are kept under
 * the data dir, .data/chaos-<seed>/logs).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { runChaos, writeResult } from "./run";

function findRepoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, "package.json"))) return dir;
  throw new Error(`no package.json above ${from}`);
}

function args(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const [key, inline] = a.slice(2).split("=", 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    out.set(key, value);
  }
  return out;
}

function positiveInt(
  map: Map<string, string>,
  key: string,
  fallback: number,
): number {
  const raw = map.get(key);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${key} must be a positive integer, got ${raw}`);
  return n;
}

async function main(): Promise<void> {
  const repoRoot = findRepoRoot(__dirname);
  const a = args(process.argv.slice(2));
  const known = new Set([
    "seed",
    "days",
    "runner",
    "port",
    "actions",
    "timeout",
  ]);
  for (const k of a.keys())
    if (!known.has(k))
      throw new Error(
        `unknown option --${k} (known: ${[...known].map((x) => `--${x}`).join(" ")})`,
      );
  const seed = positiveInt(a, "seed", 1);
  const days = positiveInt(a, "days", 30);
  const runner = (a.get("runner") ?? "source") as "source" | "dist";
  if (runner !== "source" && runner !== "dist")
    throw new Error("--runner is source or dist");
  const result = await runChaos({
    seed,
    days,
    repoRoot,
    dataDir: join(repoRoot, `.data/chaos-${seed}`),
    basePort: positiveInt(a, "port", 26000),
    runner,
    actionsPerPrincipal: positiveInt(a, "actions", 3),
    convergenceTimeoutMs: positiveInt(a, "timeout", 480) * 1000,
  });
  const file = writeResult(repoRoot, result);
  const ok =
    result.converged &&
    result.lost === 0 &&
    result.duplicated === 0 &&
    result.mismatchCount === 0;
  const lines = [
    "",
    `chaos seed ${result.seed}, ${result.days} days: ${ok ? "CONVERGED" : "DID NOT CONVERGE"}`,
    `  Clever changes ${result.cleverChanges}  admin actions ${result.adminActions} (accepted effects ${result.adminAccepted})`,
    `  faults ${Object.entries(result.faults)
      .map(([k, n]) => `${k}×${n}`)
      .join(" ")}`,
    `  converged in ${result.convergedMs ?? "—"} ms after the last fault; lost ${result.lost}, duplicated ${result.duplicated}, mismatches ${result.mismatchCount}, dead letters ${result.deadLetters.length}`,
    ...result.mismatches.slice(0, 10).map((m) => `    ${m}`),
    `  wall ${result.wallMs} ms; JSON ${file}; logs ${result.logs}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  process.exit(ok ? 0 : 1);
}

main().catch((e: unknown) => {
  process.stderr.write(
    `chaos failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  process.exit(2);
});
