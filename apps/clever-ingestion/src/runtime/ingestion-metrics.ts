import type { RequestEvent } from '@roster/clever-client';
import { counter, gauge, histogram, metricName } from '@roster/observability';
import type { Counts } from '../domain/counts';
import { COUNT_KEYS } from '../domain/counts';
import type { RecordType } from '../domain/normalize';

const SERVICE = 'clever-ingestion';

/** Clever endpoint family of a request path (`/v3.0/users/abc` → `users`), bounded cardinality. */
export function endpointOf(path: string): string {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'oauth') return 'oauth';
  const collection = /^v\d/.test(parts[0] ?? '') ? parts[1] : parts[0];
  return ['districts', 'schools', 'users', 'sections', 'events', 'courses', 'terms', 'me'].includes(collection ?? '') ? collection! : 'other';
}

/**
 * clever-ingestion's metrics (process registry; names `roster_clever_ingestion_*`), plus
 * `roster_sync_last_success_timestamp_seconds{district_id}`, the name the operations alert uses.
 */
export class IngestionMetrics {
  readonly requests = counter(metricName(SERVICE, 'clever_requests_total'), 'Clever API requests by endpoint and status (or timeout / network_error)', ['endpoint', 'status']);
  readonly rateLimited = counter(metricName(SERVICE, 'clever_rate_limited_total'), 'Clever 429 answers (the token waits for the announced reset)', ['endpoint']);
  readonly runDuration = histogram(
    metricName(SERVICE, 'sync_run_duration_seconds'),
    'Duration of sync runs by kind and final status',
    ['kind', 'status'],
    [0.1, 0.5, 1, 5, 15, 60, 300, 900, 1800, 3600, 7200],
  );
  readonly records = counter(metricName(SERVICE, 'sync_records_total'), 'Records processed by sync runs, by record type and outcome', ['record_type', 'outcome']);
  readonly runs = counter(metricName(SERVICE, 'sync_runs_total'), 'Sync runs finished, by kind and status', ['kind', 'status']);
  readonly lastSuccess = gauge('roster_sync_last_success_timestamp_seconds', 'Time of the last successful full sync of a district', ['district_id']);

  constructor() {
    // Alerted on with increase(): every kind × status series exists at 0 from the start, so the first hold counts.
    for (const kind of ['full', 'events']) for (const status of ['completed', 'held', 'failed']) this.runs.inc({ kind, status }, 0);
  }

  onRequest = (e: RequestEvent): void => {
    const endpoint = endpointOf(e.path);
    this.requests.inc({ endpoint, status: String(e.status) });
    if (e.status === 429) this.rateLimited.inc({ endpoint });
  };

  recordOutcomes(byType: Partial<Record<RecordType, Counts>>): void {
    for (const [type, counts] of Object.entries(byType)) {
      for (const k of COUNT_KEYS) if (counts[k] > 0) this.records.inc({ record_type: type, outcome: k }, counts[k]);
    }
  }

  runFinished(kind: string, status: string, seconds: number): void {
    this.runs.inc({ kind, status });
    this.runDuration.observe({ kind, status }, seconds);
  }

  setLastSuccess(districtId: string, at: Date): void {
    this.lastSuccess.set({ district_id: districtId }, Math.floor(at.getTime() / 1000));
  }

  /** A district no longer synced (disconnected) has no staleness to alert on. */
  forgetDistrict(districtId: string): void {
    this.lastSuccess.remove({ district_id: districtId });
  }
}
