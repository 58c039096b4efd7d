// V8 sizes the young generation from the heap limit, and the heap limit from the machine: on a 24 GiB host a
// service's new space grows to 128 MiB (two 64 MiB semi-spaces) under a sync's allocation rate, a quarter of a
// 512 MiB budget, holding nothing live. The semi-space size is fixed when the isolate is created (neither it nor
// --max-old-space-size can be changed from inside the process: measured), so a process started without any heap
// flag replaces itself once, at start, with the same command plus `--max-semi-space-size` (process.execve: same
// pid, so Kubernetes, signals and the benchmarks' VmHWM see one process, and nothing is left behind). The old space
// is NOT capped: its limit stays V8's own (from the container's memory limit, or the machine's). A heap flag given
// explicitly (command line or NODE_OPTIONS), or ROSTER_V8_HEAP=off, leaves the process as started.
// docs/performance.md, issue 18.

/** Semi-space of 16 MiB: a 32 MiB new space, what V8 gives a heap limit of about 1 GiB. */
export const SEMI_SPACE_MIB = 16;
const HEAP_FLAGS = /--max[-_](semi[-_]space|old[-_]space|heap)[-_]size/;

export interface ProcessStart {
  execPath: string;
  execArgv: readonly string[];
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
}

/** The command to re-execute with, or undefined when the process should stay as it was started. */
export function relaunchCommand(start: ProcessStart): { args: string[]; env: NodeJS.ProcessEnv } | undefined {
  const { env } = start;
  if (env.ROSTER_V8_HEAP === 'off' || env.ROSTER_V8_HEAP === 'applied') return undefined;
  if (start.execArgv.some((a) => HEAP_FLAGS.test(a)) || HEAP_FLAGS.test(env.NODE_OPTIONS ?? '')) return undefined;
  // Only a compiled entry point started as `node <main>.js`: under tools/scripts/run-ts.cjs argv[1] is the .ts file
  // (the loader would be lost), and a process forked with an IPC channel would lose the channel.
  const script = start.argv[1];
  if (!script || !/\.[cm]?js$/.test(script) || env.NODE_CHANNEL_FD !== undefined) return undefined;
  return {
    args: [start.execPath, `--max-semi-space-size=${SEMI_SPACE_MIB}`, ...start.execArgv, script, ...start.argv.slice(2)],
    env: { ...env, ROSTER_V8_HEAP: 'applied' },
  };
}

/** Re-executes this process with a bounded young generation when {@link relaunchCommand} says so. */
export function sizeYoungGeneration(): void {
  if (typeof process.execve !== 'function' || process.platform === 'win32') return;
  const relaunch = relaunchCommand(process);
  if (relaunch) process.execve(process.execPath, relaunch.args, relaunch.env);
}
