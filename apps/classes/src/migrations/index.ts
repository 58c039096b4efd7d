import type { MigrationClass } from '@roster/persistence';
import { Migration0001Initial } from './0001-initial';

/** The classes service's migrations, oldest first. */
export const migrations: { name: string; class: MigrationClass }[] = [{ name: 'Migration0001Initial', class: Migration0001Initial }];
