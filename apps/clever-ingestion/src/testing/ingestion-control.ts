/**
 * Direct control of a running clever-ingestion (tests and benchmarks only, not shipped): drives the
 * service's handlers and scheduler in-process — what the background loop and the internal API do in
 * production. Built from the service's Nest container, so the production entry point exports no hooks.
 */
import type { HostedService } from '@roster/http';
import { ConnectDistrictsHandler, type DiscoveryResult } from '../commands/connect-districts/connect-districts.handler';
import { DecideHeldRunHandler } from '../commands/decide-held-run/decide-held-run.handler';
import type { PollOutcome } from '../commands/poll-events/poll-events.handler';
import { SyncNowHandler, type QueuedSync } from '../commands/sync-now/sync-now.handler';
import { RunsRepository } from '../persistence/runs.repository';
import type { RunTrigger } from '../persistence/sync-run.entity';
import { runView, SyncStatusHandler, type RunView, type SyncStatusView } from '../queries/sync-status/sync-status.handler';
import { fork, INGESTION_CONTEXT, type IngestionContext } from '../runtime/context';
import { SyncScheduler, type DistrictWorkResult } from '../runtime/scheduler';

export interface IngestionControl {
  discover(): Promise<DiscoveryResult>;
  requestFullSync(cleverDistrictId: string, trigger?: RunTrigger): Promise<QueuedSync>;
  /** Runs what is due for the district now (a pending full run, then the events poll when asked or after a full run). */
  runDistrict(cleverDistrictId: string, options?: { poll?: boolean }): Promise<DistrictWorkResult>;
  /** Queues a full sync (or joins the queued one) and runs it to its end; the run as the API shows it. */
  syncNow(cleverDistrictId: string, trigger?: RunTrigger): Promise<RunView>;
  /** Polls the district's events now (under its lock); undefined when another worker holds the district. */
  pollEvents(cleverDistrictId: string): Promise<PollResult | undefined>;
  status(cleverDistrictId: string): Promise<SyncStatusView>;
  approve(cleverDistrictId: string, runId: string): Promise<RunView>;
  reject(cleverDistrictId: string, runId: string): Promise<RunView>;
  /**
   * One scheduler pass now — discovery when due, nightly claims, pending runs, due events polls — and
   * waits for the district work it started (what the background loop does every tick).
   */
  tick(): Promise<void>;
  /** Resolves when the background scheduler of this process has no district work in flight. */
  idle(): Promise<void>;
}

/** The outcome of an events poll, with the events run as the API shows it. */
export type PollResult =
  | Exclude<PollOutcome, { kind: 'applied' } | { kind: 'failed' } | { kind: 'safeguard' }>
  | { kind: 'safeguard'; resyncRunId: string; run?: RunView }
  | { kind: 'applied'; run: RunView }
  | { kind: 'failed'; run?: RunView; code: string };

/** Who a held-run decision taken through this control is recorded as. */
const CONTROL = 'system:control';

/** The control of a service made by `createIngestionService` (any role: the providers exist in every process). */
export function ingestionControl(service: Pick<HostedService, 'app'>): IngestionControl {
  const { app } = service;
  const ctx = app.get<symbol, IngestionContext>(INGESTION_CONTEXT);
  const runs = app.get(RunsRepository);
  const connectDistricts = app.get(ConnectDistrictsHandler);
  const syncNow = app.get(SyncNowHandler);
  const syncStatus = app.get(SyncStatusHandler);
  const decideHeldRun = app.get(DecideHeldRunHandler);
  const scheduler = app.get(SyncScheduler);
  return {
    discover: () => connectDistricts.discover(),
    requestFullSync: (districtId, trigger = 'manual') => syncNow.request(districtId, trigger),
    runDistrict: (districtId, opts = {}) => scheduler.workOn(districtId, { poll: opts.poll ?? false }),
    syncNow: async (districtId, trigger = 'manual') => {
      const { runId } = await syncNow.request(districtId, trigger);
      await scheduler.workOn(districtId, { poll: false });
      return runView((await runs.get(fork(ctx), runId))!);
    },
    pollEvents: async (districtId) => {
      const outcome = (await scheduler.workOn(districtId, { poll: true })).poll;
      if (outcome?.kind === 'applied') return { kind: 'applied', run: runView(outcome.run) };
      if (outcome?.kind === 'safeguard') return { kind: 'safeguard', resyncRunId: outcome.resyncRunId, ...(outcome.run ? { run: runView(outcome.run) } : {}) };
      if (outcome?.kind === 'failed') return { kind: 'failed', code: outcome.code, ...(outcome.run ? { run: runView(outcome.run) } : {}) };
      return outcome;
    },
    status: (districtId) => syncStatus.status(districtId),
    approve: async (districtId, runId) => runView(await decideHeldRun.decide(districtId, runId, 'approve', CONTROL)),
    reject: async (districtId, runId) => runView(await decideHeldRun.decide(districtId, runId, 'reject', CONTROL)),
    tick: async () => {
      await scheduler.tick();
      await scheduler.idle();
    },
    idle: () => scheduler.idle(),
  };
}
