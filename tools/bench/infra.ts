import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres, startLocalKafka, type RunningKafka, type RunningPostgres } from '@roster/testing';

export const repoRoot = resolve(__dirname, '../..');

/** PostgreSQL and Kafka for a benchmark: the ones in DATABASE_URL / KAFKA_BROKERS, or local ones it starts. */
export async function benchInfra(): Promise<{ pg: RunningPostgres; kafka: RunningKafka; stop(): Promise<void> }> {
  const stateRoot = join(repoRoot, '.data/bench');
  const pg: RunningPostgres = process.env.DATABASE_URL
    ? { adminUrl: process.env.DATABASE_URL, source: 'DATABASE_URL', stop: async () => undefined }
    : await startEmbeddedPostgres(stateRoot);
  const kafka: RunningKafka = process.env.KAFKA_BROKERS
    ? { brokers: process.env.KAFKA_BROKERS.split(','), source: 'KAFKA_BROKERS', stop: async () => undefined }
    : await startLocalKafka(repoRoot, stateRoot);
  return { pg, kafka, stop: async () => void (await Promise.allSettled([pg.stop(), kafka.stop()])) };
}

export function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
}

export function machine(): Record<string, unknown> {
  const os = require('node:os') as typeof import('node:os');
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

export function writeResult(name: string, result: Record<string, unknown>): string {
  const dir = join(repoRoot, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ name, at: new Date().toISOString(), machine: machine(), ...result }, null, 2));
  return file;
}

export function table(rows: Record<string, string | number>[]): string {
  const cols = Object.keys(rows[0]);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i])).join('  ');
  return [line(cols), line(width.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => String(r[c]))))].join('\n');
}
