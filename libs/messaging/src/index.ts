export type { MessageBus, OutgoingMessage, IncomingMessage, ConsumerOptions, ConsumerHandle, BatchContext } from './bus';
export { partitionForKey, MessageTooLargeError } from './bus';
export { KafkaMessageBus } from './kafka/kafka-bus';
export { kafkaConfigFromEnv, topicPrefixFromEnv, DEFAULT_CONSUMER_TIMEOUTS, type ConsumerTimeouts } from './kafka/kafka-config';
export { InProcessBus, type InProcessBusOptions } from './in-process/in-process-bus';
export { Outbox, type OutboxEvent, type OutboxItem } from './outbox/outbox';
export { OutboxRelay, DEFAULT_MAX_BATCH_BYTES, type OutboxRelayOptions } from './outbox/outbox-relay';
export { InboxConsumer, type InboxConsumerOptions, type InboxHandler, type InboxMessageMeta, type DeadLetterInfo } from './inbox/inbox-consumer';
export { latestPerKey } from './inbox/version-guard';
export { classifyFailure, NonRetriableError, type FailureKind } from './inbox/failure-kind';
export { InboxPurge, inboxRetentionHoursFromEnv, DEFAULT_INBOX_RETENTION_HOURS, type InboxPurgeOptions } from './inbox/inbox-purge';
export { provisionTopics, type ProvisionOptions } from './provision-topics';
export { messagingMetrics, type MessagingMetrics } from './metrics';
export { silentLogger, type MessagingLogger, backoffMs, sleep } from './logger';
export { MessagingRuntime, outboxMaxBatchBytesFromEnv, serviceOutbox, parseProcessRoles, correlationWrap, type ProcessRole, type MessagingRuntimeOptions } from './runtime';
export {
  InboxTransport,
  InboxContext,
  BusBatchContext,
  DeadLetterContext,
  ConsumerErrorFilter,
  connectInboxTransport,
  deadLetterPattern,
  ConsumerGroup,
  DeadLetters,
  type ConsumerGroupOptions,
  type ConsumerTuning,
  type InboxTransportOptions,
} from './nest/inbox-transport';
// Test-only (libs' own tests and benches; services' migrations hold their own frozen copy of the tables).
export { MESSAGING_TABLES_FOR_TESTS, createMessagingTablesForTests } from './testing/messaging-tables';
