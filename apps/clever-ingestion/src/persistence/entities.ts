import { DistrictConnection } from './district-connection.entity';
import { PurgedToken } from './purged-token.entity';
import { ShadowRecord } from './shadow-record.entity';
import { SyncRejection } from './sync-rejection.entity';
import { SyncRun } from './sync-run.entity';
import { SyncPreviewSeen, SyncRunChange } from './sync-run-change.entity';

/** Every table clever-ingestion owns (outbox and inbox belong to libs/messaging). */
export const entities = [DistrictConnection, SyncRun, SyncRejection, ShadowRecord, SyncRunChange, SyncPreviewSeen, PurgedToken];
