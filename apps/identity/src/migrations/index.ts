import type { MigrationClass } from '@roster/persistence';
import { Migration0001Initial } from './0001-initial';
import { Migration0002TenancyOfCleverIds } from './0002-tenancy-of-clever-ids';
import { Migration0003SessionRevocation } from './0003-session-revocation';
import { Migration0004MessagingParkingAndPurge } from './0004-messaging-parking-and-purge';
import { Migration0005UnclaimedPlaceholderSchools } from './0005-unclaimed-placeholder-schools';
import { Migration0006DuplicatesAndMerge } from './0006-duplicates-and-merge';
import { Migration0007ArchivedRetention } from './0007-archived-retention';
import { Migration0008StrongKeysIndexImmediate } from './0008-strong-keys-index-immediate';

/**
 * Identity's migrations, oldest first.
 * Naming rule (every service): file `NNNN-<what>.ts` exporting class `MigrationNNNN<What>`, listed under
 * the class name, which is the name recorded in `schema_migrations` (never renamed once released).
 */
export const migrations: { name: string; class: MigrationClass }[] = [
  { name: 'Migration0001Initial', class: Migration0001Initial },
  { name: 'Migration0002TenancyOfCleverIds', class: Migration0002TenancyOfCleverIds },
  { name: 'Migration0003SessionRevocation', class: Migration0003SessionRevocation },
  { name: 'Migration0004MessagingParkingAndPurge', class: Migration0004MessagingParkingAndPurge },
  { name: 'Migration0005UnclaimedPlaceholderSchools', class: Migration0005UnclaimedPlaceholderSchools },
  { name: 'Migration0006DuplicatesAndMerge', class: Migration0006DuplicatesAndMerge },
  { name: 'Migration0007ArchivedRetention', class: Migration0007ArchivedRetention },
  { name: 'Migration0008StrongKeysIndexImmediate', class: Migration0008StrongKeysIndexImmediate },
];
