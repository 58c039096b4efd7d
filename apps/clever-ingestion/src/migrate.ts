import { runMigrateCommand } from '@roster/persistence';
import { migrations } from './migrations';

void runMigrateCommand('clever-ingestion', { migrations });
