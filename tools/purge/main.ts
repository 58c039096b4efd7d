/**
 * Purges a district from every service (issue 16; docs/privacy.md "District purge"):
 *
 *   npm run district:purge -- --district <clever district id> [--dry-run] [--out <dir>] [--timeout <seconds>]
 *   npm run district:purge -- --purge-id <purge id> [--district <id>] [--out <dir>] [--timeout <seconds>]
 *   (in the Helm chart: the `purge` Job, `node dist/tools/purge/main.js`)
 *
 * `--purge-id` resumes a purge already requested (a run that timed out): it sends no request, reads the
 * purge's request and confirmations from the purge topics, waits for any missing, and writes the certificate.
 *
 * Environment: INGESTION_URL (not needed with --purge-id) (clever-ingestion's internal API), INTERNAL_AUTH_SECRET (signs the operator
 * token), KAFKA_BROKERS and the other KAFKA_* variables of the services, PURGE_CERTIFICATE_DIR (default
 * `./purge-certificates`, overridden by --out), PURGE_OPERATOR (who runs it; default district-purge-cli).
 *
 * Exit codes: 0 purged (or counted, --dry-run) and the certificate printed and kept; 1 the purge failed or
 * was refused (an unknown district, a service that did not confirm); 2 bad arguments or configuration.
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaConfigFromEnv, topicPrefixFromEnv } from '@roster/messaging';
import { formatCertificate, purgeDistrict, PurgeError, resumePurge } from './district-purge';

const USAGE =
  'usage: npm run district:purge -- --district <clever district id> [--dry-run] [--out <dir>] [--timeout <seconds>]\n' +
  '       npm run district:purge -- --purge-id <purge id> [--district <clever district id>] [--out <dir>] [--timeout <seconds>]';

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { district: { type: 'string' }, 'purge-id': { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, out: { type: 'string' }, timeout: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new PurgeError(`unexpected argument '${positionals[0]}'`);
  const purgeId = values['purge-id'];
  if (purgeId !== undefined && values['dry-run']) throw new PurgeError('--dry-run does not go with --purge-id (the purge was requested as a dry run or not)');
  if (purgeId === undefined && !values.district) throw new PurgeError('--district <clever district id> (or --purge-id <purge id>) is required');
  const timeout = values.timeout === undefined ? 600 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new PurgeError(`--timeout must be a positive number of seconds, got '${values.timeout}'`);
  return { district: values.district, purgeId, dryRun: values['dry-run'] ?? false, out: values.out, timeoutMs: timeout * 1000 };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new PurgeError(`${name} is not set`);
  return value;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  let kafka: Kafka;
  let ingestionUrl = '';
  let secret = '';
  try {
    args = parse(process.argv.slice(2));
    if (args.purgeId === undefined) {
      ingestionUrl = required('INGESTION_URL');
      secret = required('INTERNAL_AUTH_SECRET');
    }
    const { consumerTimeouts: _t, ...config } = kafkaConfigFromEnv('roster-district-purge');
    kafka = new Kafka({ ...config, logLevel: logLevel.NOTHING });
  } catch (error) {
    process.stderr.write(`district:purge: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  try {
    const common = {
      kafka,
      topicPrefix: topicPrefixFromEnv(),
      certificateDir: args.out ?? process.env.PURGE_CERTIFICATE_DIR ?? 'purge-certificates',
      timeoutMs: args.timeoutMs,
      operator: process.env.PURGE_OPERATOR || undefined,
    };
    const certificate =
      args.purgeId !== undefined
        ? await resumePurge({ ...common, purgeId: args.purgeId, cleverDistrictId: args.district })
        : await purgeDistrict({ ...common, cleverDistrictId: args.district!, dryRun: args.dryRun, ingestionUrl, internalAuthSecret: secret });
    process.stdout.write(formatCertificate(certificate) + '\n');
    process.stdout.write(JSON.stringify(certificate) + '\n');
    return 0;
  } catch (error) {
    process.stderr.write(`district:purge: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main().then((code) => process.exit(code));
