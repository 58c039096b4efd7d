import type { MigrationClass } from '@roster/persistence';
import { Migration0001Initial } from './Migration0001Initial';

/** clever-ingestion's migrations, oldest first. */
export const migrations: { name: string; class: MigrationClass }[] = [{ name: 'Migration0001Initial', class: Migration0001Initial }];
