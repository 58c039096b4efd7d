/**
 * clever-ingestion's testing entry (not shipped; tests, benches and other apps' test harnesses import this,
 * never the production entry's internals).
 */
export { ingestionControl, type IngestionControl, type PollResult } from './ingestion-control';
export { IngestionHarness, principalFor, bySubject, provisionTestTopics, ROSTER_TOPICS, SECRET, type CleverEndpoint, type ApiAnswer } from './ingestion-harness';
