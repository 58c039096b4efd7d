export { freePort, freePortPair } from './free-port';
export { startPostgres, startEmbeddedPostgres, startPostgresContainer, type RunningPostgres } from './postgres-server';
export { startKafka, startLocalKafka, startKafkaContainer, type RunningKafka } from './kafka-server';
export { testInfraMode, type TestInfraMode } from './infra-mode';
export { ensureDockerEngine, buildAppImages, localInfraImages, docker, type DockerEngine, type BuiltImage } from './docker-engine';
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
