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
});

/** The topic namespace of this deployment (KAFKA_TOPIC_PREFIX, default none). */
export function topicPrefixFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.KAFKA_TOPIC_PREFIX ?? '';
}

/** kafkajs client settings from the product's environment variables (ARCHITECTURE.md §5). */
export function kafkaConfigFromEnv(clientId: string, env: NodeJS.ProcessEnv = process.env): KafkaConfig {
  const parsed = kafkaEnv.safeParse(env);
  if (!parsed.success) throw new Error(`Kafka configuration: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const e = parsed.data;
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
  };
}
