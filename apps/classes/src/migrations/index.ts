import type { MigrationClass } from '@roster/persistence';
import { Migration0001Initial } from './0001-initial';
import { Migration0002MessagingParkingAndPurge } from './0002-messaging-parking-and-purge';
import { Migration0004SectionsAndSharing } from './0004-sections-and-sharing';
import { Migration0005SchoolYears } from './0005-school-years';

/**
 * The classes service's migrations, oldest first.
 * Naming rule (every service): file `NNNN-<what>.ts` exporting class `MigrationNNNN<What>`, listed under
 * the class name, which is the name recorded in `schema_migrations` (never renamed once released).
 */
export const migrations: { name: string; class: MigrationClass }[] = [
  { name: 'Migration0001Initial', class: Migration0001Initial },
  { name: 'Migration0002MessagingParkingAndPurge', class: Migration0002MessagingParkingAndPurge },
  { name: 'Migration0004SectionsAndSharing', class: Migration0004SectionsAndSharing },
  { name: 'Migration0005SchoolYears', class: Migration0005SchoolYears },
];
