/**
 * The short seed of the chaos simulation (issue 14): three days against the chart's process shape with every fault
 * kind injected once while work is in flight, then the oracle. The long runs are `npm run chaos` (a script).
 *
 * It starts its own PostgreSQL (durable), broker, sandbox and 17 service processes on ports 28000+ and stops them
 * by PID; the result is written to bench/results/chaos-<seed>.json like the script's, and the processes' logs stay
 * under .data/chaos-test/logs for a failure's diagnosis.
 */
import { join, resolve } from "node:path";
import { runChaos, writeResult, type ChaosResult } from "./run";
import { FAULT_KINDS } from "./faults";

const repoRoot = resolve(__dirname, "../..");

describe("a short school year under fire (chaos seed 3, 3 days)", () => {
  let result: ChaosResult;

  beforeAll(async () => {
    result = await runChaos({
      seed: 3,
      days: 3,
      repoRoot,
      dataDir: join(repoRoot, ".data/chaos-test"),
      basePort: 28000,
      runner: "source",
      actionsPerPrincipal: 2,
      convergenceTimeoutMs: 480_000,
      say: () => undefined,
    });
    writeResult(repoRoot, result);
  }, 1_500_000);

  it("injected every fault kind at least once", () => {
    expect(Object.keys(result.faults).sort()).toEqual([...FAULT_KINDS].sort());
  });

  it("played both sides of the year", () => {
    expect(result.cleverChanges).toBeGreaterThan(0);
    expect(result.adminAccepted).toBeGreaterThan(0);
    expect(result.safeguard).toMatchObject({ held: true });
  });

  it("converged to the oracle: nothing lost, nothing duplicated, no mismatch", () => {
    expect({
      converged: result.converged,
      lost: result.lost,
      duplicated: result.duplicated,
      mismatches: result.mismatches,
    }).toEqual({
      converged: true,
      lost: 0,
      duplicated: 0,
      mismatches: [],
    });
  });

  it("every dead letter is the injected poison, and nothing is left behind", () => {
    expect(
      result.deadLetters.filter((d) => d.origin !== "injected poison"),
    ).toEqual([]);
    expect(
      "error" in result.checks ? result.checks.error : undefined,
    ).toBeUndefined();
    if (!("error" in result.checks)) {
      expect(
        Object.values(result.checks.outboxPending).every((n) => n === 0),
      ).toBe(true);
      expect(
        Object.values(result.checks.consumerLag).every((n) => n === 0),
      ).toBe(true);
    }
  });
});
