/**
 * Purges a district from every service (issue 16; docs/privacy.md "District purge"):
 *
 *   npm run district:purge -- --district <clever district id> [--dry-run] [--out <dir>] [--timeout <seconds>]
 *   (in the Helm chart: the `purge` Job, `node dist/tools/purge/main.js`)
 *
 * Environment: INGESTION_URL (clever-ingestion's internal API), INTERNAL_AUTH_SECRET (signs the operator
 * token), KAFKA_BROKERS and the other KAFKA_* variables of the services, PURGE_CERTIFICATE_DIR (default
 * `./purge-certificates`, overridden by --out), PURGE_OPERATOR (who runs it; default district-purge-cli).
 *
 * Exit codes: 0 purged (or counted, --dry-run) and the certificate printed and kept; 1 the purge failed or
 * was refused (an unknown district, a service that did not confirm); 2 bad arguments or configuration.
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaConfigFromEnv, topicPrefixFromEnv } from '@roster/messaging';
import { formatCertificate, purgeDistrict, PurgeError } from './district-purge';

const USAGE = 'usage: npm run district:purge -- --district <clever district id> [--dry-run] [--out <dir>] [--timeout <seconds>]';

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { district: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, out: { type: 'string' }, timeout: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new PurgeError(`unexpected argument '${positionals[0]}'`);
  if (!values.district) throw new PurgeError('--district <clever district id> is required');
  const timeout = values.timeout === undefined ? 600 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new PurgeError(`--timeout must be a positive number of seconds, got '${values.timeout}'`);
  return { district: values.district, dryRun: values['dry-run'] ?? false, out: values.out, timeoutMs: timeout * 1000 };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new PurgeError(`${name} is not set`);
  return value;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  let kafka: Kafka;
  let ingestionUrl: string;
  let secret: string;
  try {
    args = parse(process.argv.slice(2));
    ingestionUrl = required('INGESTION_URL');
    secret = required('INTERNAL_AUTH_SECRET');
    const { consumerTimeouts: _t, ...config } = kafkaConfigFromEnv('roster-district-purge');
    kafka = new Kafka({ ...config, logLevel: logLevel.NOTHING });
  } catch (error) {
    process.stderr.write(`district:purge: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  try {
    const certificate = await purgeDistrict({
      cleverDistrictId: args.district,
      dryRun: args.dryRun,
      ingestionUrl,
      internalAuthSecret: secret,
      kafka,
      topicPrefix: topicPrefixFromEnv(),
      certificateDir: args.out ?? process.env.PURGE_CERTIFICATE_DIR ?? 'purge-certificates',
      timeoutMs: args.timeoutMs,
      operator: process.env.PURGE_OPERATOR || undefined,
    });
    process.stdout.write(formatCertificate(certificate) + '\n');
    process.stdout.write(JSON.stringify(certificate) + '\n');
    return 0;
  } catch (error) {
    process.stderr.write(`district:purge: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main().then((code) => process.exit(code));
