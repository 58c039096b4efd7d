export type { MessageBus, OutgoingMessage, IncomingMessage, ConsumerOptions, ConsumerHandle, BatchContext } from './bus';
export { partitionForKey } from './bus';
export { KafkaMessageBus } from './kafka/kafka-bus';
export { kafkaConfigFromEnv, topicPrefixFromEnv } from './kafka/kafka-config';
export { InProcessBus, type InProcessBusOptions } from './in-process/in-process-bus';
export { Outbox, type OutboxEvent, type OutboxItem } from './outbox/outbox';
export { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay';
export { InboxConsumer, type InboxConsumerOptions, type InboxHandler, type InboxMessageMeta, type DeadLetterInfo } from './inbox/inbox-consumer';
export { latestPerKey } from './inbox/version-guard';
export { provisionTopics, type ProvisionOptions } from './provision-topics';
export { messagingMetrics, type MessagingMetrics } from './metrics';
export { silentLogger, type MessagingLogger, backoffMs, sleep } from './logger';
export { MessagingRuntime, serviceOutbox, parseProcessRoles, correlationWrap, type ProcessRole, type MessagingRuntimeOptions } from './runtime';
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
