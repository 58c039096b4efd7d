/**
 * Replays a dead-letter topic:
 *
 *   npm run dlq:replay -- --topic <dlq-topic> [--group <consumer-group>] [--dry-run]
 *   (node tools/scripts/run-ts.cjs tools/dlq/replay.ts --topic ...)
 *
 * Each message of `<topic>.dlq` goes back to the topic it was dead-lettered from (its `x-original-topic`),
 * with its payload, key and headers; with --group, only those dead-lettered by that consumer group. Every
 * consumer group of that topic sees it again: the group that dead-lettered it applies it once (the inbox
 * re-admits a dead-lettered message id arriving at a new offset), every other group already has its id and
 * ignores it. Progress is committed per message (consumer group `roster.dlq-replay.<topic>[.<group>]`), so a
 * second run replays only what was dead-lettered since. Kafka settings: KAFKA_BROKERS and the other
 * KAFKA_* variables of the services (README "Configuration").
 *
 * Exit codes: 0 done; 1 a failure while replaying (what was replayed before it stays committed), or a message
 * that cannot be replayed (printed); 2 bad arguments or configuration.
 */
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaMessageBus, kafkaConfigFromEnv, topicPrefixFromEnv } from '@roster/messaging';
import { ReplayInputError, replayDeadLetters } from './dlq-replay';

const USAGE = 'usage: npm run dlq:replay -- --topic <dlq-topic> [--group <consumer-group>] [--dry-run]';

function parse(argv: string[]): { topic: string; group?: string; dryRun: boolean } {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { topic: { type: 'string' }, group: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new ReplayInputError(`unexpected argument '${positionals[0]}'`);
  if (!values.topic) throw new ReplayInputError('--topic <dlq-topic> is required');
  if (!values.topic.endsWith('.dlq')) throw new ReplayInputError(`--topic must be a dead-letter topic (ending in .dlq), got '${values.topic}'`);
  if (values.group !== undefined && values.group.trim() === '') throw new ReplayInputError('--group needs a consumer group id');
  return { topic: values.topic, group: values.group, dryRun: values['dry-run'] ?? false };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  let config: ReturnType<typeof kafkaConfigFromEnv>;
  try {
    args = parse(process.argv.slice(2));
    config = kafkaConfigFromEnv('roster-dlq-replay');
  } catch (error) {
    process.stderr.write(`dlq:replay: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const prefix = topicPrefixFromEnv();
  const { consumerTimeouts: _timeouts, ...kafkaConfig } = config;
  const kafka = new Kafka({ ...kafkaConfig, logLevel: logLevel.ERROR });
  const bus = new KafkaMessageBus(config, undefined, prefix);
  try {
    const summary = await replayDeadLetters({ kafka, bus, topic: args.topic, group: args.group, dryRun: args.dryRun, topicPrefix: prefix, print: (line) => process.stdout.write(`${line}\n`) });
    const filter = args.group ? ` dead-lettered by ${args.group}` : '';
    process.stdout.write(
      args.dryRun
        ? `dry run: ${args.topic}: would replay ${summary.replayed}${filter}, skip ${summary.skipped} (other groups), ${summary.unreplayable} not replayable; nothing published, no progress committed\n`
        : `${args.topic}: replayed ${summary.replayed}${filter}, skipped ${summary.skipped} (other groups), ${summary.unreplayable} not replayable; progress committed as consumer group ${summary.progressGroup}\n`,
    );
    return summary.unreplayable > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`dlq:replay: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof ReplayInputError ? 2 : 1;
  } finally {
    await bus.close().catch(() => undefined);
  }
}

void main().then((code) => process.exit(code));
