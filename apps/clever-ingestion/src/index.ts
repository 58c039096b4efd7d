export {
  createIngestionService,
  DEFAULT_EVENTS_POLL_INTERVAL_MS,
  DEFAULT_FULL_SYNC_CRON,
  type IngestionService,
  type IngestionServiceOptions,
  type IngestionSyncApi,
} from './service';
export { INGESTION_SERVICE } from './ingestion.module';
export { DLQ_RESYNC_GROUP, DLQ_RESYNC_TOPICS } from './consumers/dlq-resync/dlq-resync.consumer';
export type { QueuedSync } from './commands/sync-now/sync-now.handler';
export type { CleverSettings } from './runtime/clever-access';
export type { RunView, SyncStatusView } from './queries/sync-status/sync-status.handler';
export { migrations } from './migrations';
