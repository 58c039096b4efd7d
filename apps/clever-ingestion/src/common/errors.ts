import { DomainError } from '@roster/problems';
import { notFoundError } from '@roster/authz';

/** clever-ingestion's refusals (namespaced `INGESTION.*`; unknown districts and runs use the policy's 404 codes). */
export const INGESTION_ERRORS = {
  runNotHeld: 'INGESTION.RUN_NOT_HELD',
  syncAlreadyRunning: 'INGESTION.SYNC_ALREADY_RUNNING',
  districtDisconnected: 'INGESTION.DISTRICT_DISCONNECTED',
  changesNotRecorded: 'INGESTION.CHANGES_NOT_RECORDED',
} as const;

/** A Clever district ingestion is not connected to: the same 404 (IDENTITY.DISTRICT_NOT_FOUND) as another district's id. */
export const districtNotFound = (): DomainError => notFoundError('district');
/** INGESTION.RUN_NOT_FOUND: unknown id, or a run of another district. */
export const runNotFound = (): DomainError => notFoundError('run');
export const runNotHeld = (runId: string, status: string): DomainError =>
  new DomainError('conflict', INGESTION_ERRORS.runNotHeld, `run ${runId} is ${status}`, { status }, 'The run is not held');
/** A held-run decision could not take the district from a running sync in time. */
export const districtBusy = (): DomainError =>
  new DomainError('conflict', INGESTION_ERRORS.syncAlreadyRunning, undefined, {}, 'A sync of the district is running; try again when it has finished');
export const syncAlreadyRunning = (runId: string): DomainError =>
  new DomainError('conflict', INGESTION_ERRORS.syncAlreadyRunning, undefined, { runId }, 'A sync of the district is already queued or running');
export const districtDisconnected = (): DomainError =>
  new DomainError('conflict', INGESTION_ERRORS.districtDisconnected, 'it no longer shares data with the app', {}, 'The district is disconnected');
