// The first import of main.ts (before tracing): sizes V8's young generation before anything else is loaded.
//
// V8 sizes the young generation from the heap limit, and the heap limit from the machine: on a 24 GiB host a
// service's new space grows to 128 MiB (two 64 MiB semi-spaces) under a sync's allocation rate, a quarter of a
// 512 MiB budget, holding nothing live. The semi-space size is fixed when the isolate is created (it cannot be
// changed from inside the process), so a process started without any heap flag replaces itself once, at start,
// with the same command plus `--max-semi-space-size` (process.execve: same pid, nothing left behind). The old
// space is NOT capped: its limit stays V8's own (from the container's memory limit, or the machine's). A heap
// flag given explicitly (command line or NODE_OPTIONS), or ROSTER_V8_HEAP=off, leaves the process as started.
// (The same file is in each service that runs a full sync's hot path; a shared runtime library would hold one copy.)

/** Semi-space of 16 MiB: a 32 MiB new space, what V8 gives a heap limit of about 1 GiB. */
const SEMI_SPACE_MIB = 16;
const HEAP_FLAGS = /--max[-_](semi[-_]space|old[-_]space|heap)[-_]size/;

function sizeYoungGeneration(): void {
  const env = process.env;
  if (env.ROSTER_V8_HEAP === 'off' || env.ROSTER_V8_HEAP === 'applied') return;
  if (typeof process.execve !== 'function' || process.platform === 'win32') return;
  if (process.execArgv.some((a) => HEAP_FLAGS.test(a)) || HEAP_FLAGS.test(env.NODE_OPTIONS ?? '')) return;
  // Only the compiled entry point started as `node <main>.js`: under tools/scripts/run-ts.cjs argv[1] is the .ts
  // file (the loader would be lost), and a process forked with an IPC channel would lose the channel.
  const script = process.argv[1];
  if (!script || !/\.[cm]?js$/.test(script) || env.NODE_CHANNEL_FD !== undefined) return;
  process.execve(process.execPath, [process.execPath, `--max-semi-space-size=${SEMI_SPACE_MIB}`, ...process.execArgv, script, ...process.argv.slice(2)], {
    ...env,
    ROSTER_V8_HEAP: 'applied',
  });
}

sizeYoungGeneration();

export {};
