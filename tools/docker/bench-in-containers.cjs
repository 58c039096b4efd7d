/**
 * Runs `npm run bench:sync` with clever-ingestion, identity and classes as containers of their images, each limited
 * to ROSTER_BENCH_MEMORY (default 512m), instead of processes from dist/ — the benchmark of issue 20: the chart
 * relies on Node sizing its heap from the container's memory limit. A preload for the bench's own process, so the
 * bench itself is unchanged:
 *
 *   eval "$(bash tools/docker/engine-up.sh | grep DOCKER_HOST= | sed 's/^/export /')"
 *   bash tools/docker/build-images.sh clever-ingestion identity classes
 *   NODE_OPTIONS="--require $PWD/tools/docker/bench-in-containers.cjs" npm run bench:sync -- --users 100000 --skip-build
 *
 * The bench spawns `node dist/apps/<app>/src/main.js`; this turns that spawn into `docker run --network host
 * --memory <limit> roster/<app>:local node dist/apps/<app>/src/main.js` with the environment the bench gave (only the
 * variables it set, not this machine's), and SIGTERM to the `docker run` client is forwarded to the container. The
 * bench's own peak-RSS column then measures the docker client, so this samples each container's cgroup (v1 memory
 * controller: peak usage, peak RSS, OOM kills) every 500 ms and prints a table when the bench exits; also written to
 * bench/results/sync-containers-<time>.json.
 */
'use strict';
const childProcess = require('node:child_process');
const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

const APPS = ['clever-ingestion', 'identity', 'classes'];
const memory = process.env.ROSTER_BENCH_MEMORY || '512m';
const docker = process.env.DOCKER_CLI || '/usr/bin/docker';
const repoRoot = join(__dirname, '../..');
const containers = new Map(); // name -> { app, id, peakUsage, peakRss, oomKilled }
const originalSpawn = childProcess.spawn;
const SERVICE_ENV = /^(KAFKA_|KAFKAJS_|DATABASE_URL$|INTERNAL_AUTH_SECRET$|LOG_LEVEL$|HOST$|PORT$|MANAGEMENT_PORT$|CLEVER_|IDENTITY_|CLASSES_|INGESTION_|COURSE_|OTEL_)/;

function appOf(args) {
  const script = Array.isArray(args) ? String(args[0] || '') : '';
  const m = /dist\/apps\/([a-z-]+)\/src\/main\.js$/.exec(script);
  return m && APPS.includes(m[1]) ? m[1] : undefined;
}

function cgroupFile(id, file) {
  try {
    return readFileSync(`/sys/fs/cgroup/memory/docker/${id}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

function sample() {
  for (const c of containers.values()) {
    if (!c.id) {
      try {
        c.id = childProcess.execFileSync(docker, ['inspect', '--format', '{{.Id}}', c.name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      } catch {
        continue;
      }
    }
    const max = cgroupFile(c.id, 'memory.max_usage_in_bytes');
    if (max) c.peakUsage = Math.max(c.peakUsage, Number(max));
    const stat = cgroupFile(c.id, 'memory.stat');
    const rss = stat && /^total_rss (\d+)$/m.exec(stat);
    if (rss) c.peakRss = Math.max(c.peakRss, Number(rss[1]));
    const oom = cgroupFile(c.id, 'memory.oom_control');
    const kills = oom && /^oom_kill (\d+)$/m.exec(oom);
    if (kills) c.oomKills = Math.max(c.oomKills, Number(kills[1]));
  }
}

childProcess.spawn = function spawn(command, args, options) {
  const app = command === process.execPath ? appOf(args) : undefined;
  if (!app) return originalSpawn.apply(this, arguments);
  const given = (options && options.env) || {};
  // Only the services' own configuration (not this machine's environment, not NODE_OPTIONS, which carry this
  // preload); the image's own NODE_ENV=production stays.
  const env = Object.entries(given).filter(([k, v]) => v !== undefined && SERVICE_ENV.test(k));
  const name = `roster-bench-${app}-${process.pid}`;
  containers.set(name, { app, name, id: undefined, peakUsage: 0, peakRss: 0, oomKills: 0 });
  const dockerArgs = ['run', '--name', name, '--network', 'host', '--memory', memory, '--read-only', '--tmpfs', '/tmp', '--sig-proxy=true'];
  for (const [k, v] of env) dockerArgs.push('-e', `${k}=${v}`);
  dockerArgs.push(`roster/${app}:local`, 'node', `dist/apps/${app}/src/main.js`);
  const child = originalSpawn.call(this, docker, dockerArgs, { ...options, env: process.env });
  child.once('exit', () => {
    sample();
    const c = containers.get(name);
    try {
      c.oomKilled = childProcess.execFileSync(docker, ['inspect', '--format', '{{.State.OOMKilled}} {{.State.ExitCode}}', name], { encoding: 'utf8' }).trim();
      childProcess.execFileSync(docker, ['rm', '-f', name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  });
  return child;
};

const timer = setInterval(sample, 500);
timer.unref();

process.once('exit', () => {
  sample();
  if (containers.size === 0) return;
  const mib = (b) => Math.round(b / 1024 / 1024);
  const rows = [...containers.values()].map((c) => ({
    app: c.app,
    memoryLimit: memory,
    peakUsageMiB: mib(c.peakUsage),
    peakRssMiB: mib(c.peakRss),
    oomKills: c.oomKills,
    'oomKilled exit': c.oomKilled || '',
  }));
  process.stdout.write(`\n[containers, --memory ${memory}]\n`);
  for (const r of rows) process.stdout.write(`  ${JSON.stringify(r)}\n`);
  try {
    mkdirSync(join(repoRoot, 'bench/results'), { recursive: true });
    writeFileSync(join(repoRoot, `bench/results/sync-containers-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ memory, rows }, null, 2));
  } catch {
    // the table above is the result
  }
  for (const name of containers.keys()) {
    try {
      childProcess.execFileSync(docker, ['rm', '-f', name], { stdio: 'ignore' });
    } catch {
      // gone
    }
  }
});
