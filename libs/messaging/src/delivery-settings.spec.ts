import { kafkaConfigFromEnv } from './kafka/kafka-config';
import { outboxMaxBatchBytesFromEnv } from './runtime';

describe('delivery settings from the environment (ADR 0007)', () => {
  it('OUTBOX_MAX_BATCH_BYTES: 768 KiB by default, a clear error for a wrong value', () => {
    expect(outboxMaxBatchBytesFromEnv({})).toBe(768 * 1024);
    expect(outboxMaxBatchBytesFromEnv({ OUTBOX_MAX_BATCH_BYTES: '500000' })).toBe(500_000);
    expect(() => outboxMaxBatchBytesFromEnv({ OUTBOX_MAX_BATCH_BYTES: '1MB' })).toThrow(/OUTBOX_MAX_BATCH_BYTES must be a whole number of bytes, at least 1024; got '1MB'/);
  });

  it('consumer group timing: 10 s session, 3 s heartbeat, 30 s rebalance by default; overridable; heartbeat at most a third of the session', () => {
    expect(kafkaConfigFromEnv('svc', { KAFKA_BROKERS: 'b:9092' }).consumerTimeouts).toEqual({ sessionTimeoutMs: 10_000, heartbeatIntervalMs: 3_000, rebalanceTimeoutMs: 30_000 });
    expect(kafkaConfigFromEnv('svc', { KAFKA_BROKERS: 'b:9092', KAFKA_SESSION_TIMEOUT_MS: '45000', KAFKA_HEARTBEAT_INTERVAL_MS: '5000' }).consumerTimeouts).toMatchObject({
      sessionTimeoutMs: 45_000,
      heartbeatIntervalMs: 5_000,
    });
    expect(() => kafkaConfigFromEnv('svc', { KAFKA_BROKERS: 'b:9092', KAFKA_SESSION_TIMEOUT_MS: '3000' })).toThrow(/at least 6000/);
    expect(() => kafkaConfigFromEnv('svc', { KAFKA_BROKERS: 'b:9092', KAFKA_HEARTBEAT_INTERVAL_MS: '5000' })).toThrow(/at most a third of KAFKA_SESSION_TIMEOUT_MS/);
  });
});
