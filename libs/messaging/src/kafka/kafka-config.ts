import { z } from 'zod';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

const kafkaEnv = z.object({
  KAFKA_BROKERS: z.string().min(1, 'KAFKA_BROKERS is required (comma-separated host:port list)'),
  KAFKA_CLIENT_ID: z.string().optional(),
  KAFKA_SSL: z.enum(['true', 'false']).optional(),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]*$/, 'KAFKA_TOPIC_PREFIX may hold letters, digits, . _ -').optional(),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000, 'KAFKA_SESSION_TIMEOUT_MS must be at least 6000 (the broker\'s group.min.session.timeout.ms)').max(300_000).optional(),
  KAFKA_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).optional(),
  KAFKA_REBALANCE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).optional(),
});

/**
 * Consumer group timing. A consumer that stops without leaving (SIGKILL, a lost node) holds its partitions
 * until its session times out, and a restarted replica's join waits for that; a clean shutdown leaves the
 * group at once (kafkajs' disconnect sends LeaveGroup). 10 s instead of kafkajs' 30 s: our consumers
 * heartbeat after every inbox transaction and during every backoff wait, so 10 s without a heartbeat means
 * a dead process, not a slow batch. Heartbeats every 3 s (a third of the session, Kafka's rule of thumb).
 */
export interface ConsumerTimeouts {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** How long a rebalance waits for members still finishing a batch to rejoin. */
  rebalanceTimeoutMs: number;
}
export const DEFAULT_CONSUMER_TIMEOUTS: ConsumerTimeouts = { sessionTimeoutMs: 10_000, heartbeatIntervalMs: 3_000, rebalanceTimeoutMs: 30_000 };

/** The topic namespace of this deployment (KAFKA_TOPIC_PREFIX, default none). */
export function topicPrefixFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.KAFKA_TOPIC_PREFIX ?? '';
}

/** kafkajs client settings from the product's environment variables (ARCHITECTURE.md §5). */
export function kafkaConfigFromEnv(clientId: string, env: NodeJS.ProcessEnv = process.env): KafkaConfig & { consumerTimeouts: ConsumerTimeouts } {
  const parsed = kafkaEnv.safeParse(env);
  if (!parsed.success) throw new Error(`Kafka configuration: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const e = parsed.data;
  if (e.KAFKA_HEARTBEAT_INTERVAL_MS !== undefined && e.KAFKA_HEARTBEAT_INTERVAL_MS * 3 > (e.KAFKA_SESSION_TIMEOUT_MS ?? DEFAULT_CONSUMER_TIMEOUTS.sessionTimeoutMs)) {
    throw new Error('Kafka configuration: KAFKA_HEARTBEAT_INTERVAL_MS must be at most a third of KAFKA_SESSION_TIMEOUT_MS');
  }
  let sasl: SASLOptions | undefined;
  if (e.KAFKA_SASL_MECHANISM) {
    if (!e.KAFKA_SASL_USERNAME || !e.KAFKA_SASL_PASSWORD) {
      throw new Error('Kafka configuration: KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM');
    }
    sasl = { mechanism: e.KAFKA_SASL_MECHANISM, username: e.KAFKA_SASL_USERNAME, password: e.KAFKA_SASL_PASSWORD } as SASLOptions;
  }
  return {
    clientId: e.KAFKA_CLIENT_ID ?? clientId,
    brokers: e.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean),
    ssl: e.KAFKA_SSL === 'true',
    ...(sasl ? { sasl } : {}),
    consumerTimeouts: {
      sessionTimeoutMs: e.KAFKA_SESSION_TIMEOUT_MS ?? DEFAULT_CONSUMER_TIMEOUTS.sessionTimeoutMs,
      heartbeatIntervalMs: e.KAFKA_HEARTBEAT_INTERVAL_MS ?? DEFAULT_CONSUMER_TIMEOUTS.heartbeatIntervalMs,
      rebalanceTimeoutMs: e.KAFKA_REBALANCE_TIMEOUT_MS ?? DEFAULT_CONSUMER_TIMEOUTS.rebalanceTimeoutMs,
    },
  };
}
