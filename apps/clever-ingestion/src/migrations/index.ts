import type { MigrationClass } from '@roster/persistence';
import { Migration0001Initial } from './0001-initial';
import { Migration0002TenancyOfCleverIds } from './0002-tenancy-of-clever-ids';
import { Migration0003MessagingParkingAndPurge } from './0003-messaging-parking-and-purge';
import { Migration0004TokenMissingSince } from './0004-token-missing-since';
import { Migration0005SyncRunTraceparent } from './0005-sync-run-traceparent';
import { Migration0006SyncPreviewAndRoleSafeguard } from './0006-sync-preview-and-role-safeguard';
import { Migration0007RemovedRecordsKeepNothingPersonal } from './0007-removed-records-keep-nothing-personal';

/**
 * clever-ingestion's migrations, oldest first.
 * Naming rule (every service): file `NNNN-<what>.ts` exporting class `MigrationNNNN<What>`, listed under
 * the class name, which is the name recorded in `schema_migrations` (never renamed once released).
 */
export const migrations: { name: string; class: MigrationClass }[] = [
  { name: 'Migration0001Initial', class: Migration0001Initial },
  { name: 'Migration0002TenancyOfCleverIds', class: Migration0002TenancyOfCleverIds },
  { name: 'Migration0003MessagingParkingAndPurge', class: Migration0003MessagingParkingAndPurge },
  { name: 'Migration0004TokenMissingSince', class: Migration0004TokenMissingSince },
  { name: 'Migration0005SyncRunTraceparent', class: Migration0005SyncRunTraceparent },
  { name: 'Migration0006SyncPreviewAndRoleSafeguard', class: Migration0006SyncPreviewAndRoleSafeguard },
  { name: 'Migration0007RemovedRecordsKeepNothingPersonal', class: Migration0007RemovedRecordsKeepNothingPersonal },
];
