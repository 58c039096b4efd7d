/**
 * A relay in its own process, for the crash test: `node tools/scripts/run-ts.cjs relay-child.ts`.
 * RELAY_PAUSE_AFTER_PUBLISH_MS widens the window between the broker's ack and the `published_at`
 * update, so a SIGKILL can land exactly there.
 */
import { KafkaMessageBus } from '../kafka/kafka-bus';
import { OutboxRelay } from '../outbox/outbox-relay';
import type { OutgoingMessage } from '../bus';

async function main(): Promise<void> {
  const bus = new KafkaMessageBus({ clientId: 'relay-child', brokers: process.env.KAFKA_BROKERS!.split(',') });
  const pause = Number(process.env.RELAY_PAUSE_AFTER_PUBLISH_MS ?? 0);
  const publish = bus.publish.bind(bus);
  bus.publish = async (messages: OutgoingMessage[]) => {
    await publish(messages);
    process.stdout.write(`published ${messages.length}\n`);
    if (pause) await new Promise((r) => setTimeout(r, pause));
  };
  const relay = new OutboxRelay({
    service: process.env.RELAY_SERVICE!,
    databaseUrl: process.env.DATABASE_URL!,
    bus,
    batchSize: Number(process.env.RELAY_BATCH_SIZE ?? 20),
    pollIntervalMs: 20,
  });
  relay.start();
  process.stdout.write('started\n');
}

void main();
