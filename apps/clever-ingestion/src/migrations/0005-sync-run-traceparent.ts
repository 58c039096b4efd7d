import { Migration } from '@roster/persistence';

/**
 * The trace of the request that queued a full run (issue 19): a run is queued by one process ("sync now" on an
 * api replica) and run by another (a consumer's scheduler), so the W3C `traceparent` of the request travels in
 * the run's row and the run executes as a child of it. Null for runs nobody traced (schedule, tracing off).
 */
export class Migration0005SyncRunTraceparent extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table sync_run add column if not exists traceparent text`);
  }
}
