export { freePort } from './free-port';
export { startPostgres, startEmbeddedPostgres, type RunningPostgres } from './postgres-server';
export { startKafka, startLocalKafka, type RunningKafka } from './kafka-server';
export { createTestDatabase, dropTestDatabase } from './test-database';
export {
  testBrokers,
  testKafka,
  createTopics,
  uniqueSuffix,
  TopicCollector,
  eventually,
  type CollectedMessage,
} from './test-kafka';
export { loadEmbeddedPostgres } from './load-embedded-postgres';
export { startServiceProcess, migrateService, provisionTopicsProcess, repositoryRoot, type ServiceProcess, type ServiceProcessOptions } from './service-process';
