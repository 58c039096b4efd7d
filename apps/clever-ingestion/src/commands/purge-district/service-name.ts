/** This service's name in purge confirmations (the same as INGESTION_SERVICE, without importing the module). */
export const INGESTION_SERVICE_NAME = 'clever-ingestion';
