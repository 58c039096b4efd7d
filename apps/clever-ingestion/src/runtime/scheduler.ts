import { Inject, Injectable } from '@nestjs/common';
import type { CleverDistrictHandle } from '@roster/clever-client';
import { inSpan } from '@roster/tracing';
import { ConnectDistrictsHandler } from '../commands/connect-districts/connect-districts.handler';
import { FullSyncHandler } from '../commands/full-sync/full-sync.handler';
import { PollEventsHandler, type PollOutcome } from '../commands/poll-events/poll-events.handler';
import { PreviewSyncHandler } from '../commands/preview-sync/preview-sync.handler';
import { SyncRunEvents } from '../common/sync-run-events';
import { ConnectionsRepository } from '../persistence/connections.repository';
import { RunsRepository } from '../persistence/runs.repository';
import type { SyncRun } from '../persistence/sync-run.entity';
import { fork, INGESTION_CONTEXT, RunAborted, type IngestionContext } from './context';

/** Longest pause between scheduler passes while the database is unreachable. */
export const MAX_OUTAGE_BACKOFF_MS = 30_000;

/** Token discovery while a district is disconnected (waiting for its token to come back). */
const DISCONNECTED_DISCOVERY_MS = 30_000;

export interface SchedulerOptions {
  /** How often due work is looked for (default 1 s). */
  tickMs: number;
  /** How often districts are (re)discovered (default 5 min). */
  discoveryIntervalMs: number;
  /** Districts synced at the same time by this process (default 4). */
  maxConcurrentDistricts: number;
}

export interface DistrictWorkResult {
  full?: SyncRun;
  poll?: PollOutcome;
  /** A preview run (dry-run full read) that ran after the district's other work. */
  preview?: SyncRun;
  /** Another process (or task) holds the district. */
  busy?: boolean;
}

/**
 * The background work of the `consumer` process role: district discovery, the nightly full reconcile
 * (cron), "sync now" / resync requests queued by any process, resuming runs interrupted by a crash, and
 * the events poll every CLEVER_EVENTS_POLL_INTERVAL_MS. Every district's work runs under its advisory
 * lock, so replicas share the districts without ever syncing one twice at the same time. Schedules are
 * claimed in the database (conditional updates), never in memory.
 *
 * A provider of every process (the handlers and the testing control use `workOn`/`tick`); its loop is
 * started and stopped by service.ts in the `consumer` role only. `wake()` is a no-op while the loop is
 * not running.
 */
@Injectable()
export class SyncScheduler {
  private loop: Promise<void> | undefined;
  private running = false;
  private wakeUp: (() => void) | undefined;
  private readonly tasks = new Map<string, Promise<DistrictWorkResult>>();
  private stopping = new AbortController();
  private nextDiscoveryAt = 0;
  private lostUnsubscribe: (() => void) | undefined;

  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(SyncRunEvents) private readonly runEvents: SyncRunEvents,
    @Inject(ConnectDistrictsHandler) private readonly connectDistricts: ConnectDistrictsHandler,
    @Inject(FullSyncHandler) private readonly fullSync: FullSyncHandler,
    @Inject(PollEventsHandler) private readonly pollEvents: PollEventsHandler,
    @Inject(PreviewSyncHandler) private readonly previewSync: PreviewSyncHandler,
  ) {}

  private get options(): SchedulerOptions {
    return this.ctx.settings.scheduler;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = new AbortController();
    this.lostUnsubscribe = this.ctx.locks.onLost(() => {
      // Our advisory locks are gone with the connection: stop the runs; they resume where they were.
      const old = this.stopping;
      this.stopping = new AbortController();
      old.abort();
    });
    this.loop = this.run();
  }

  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    this.wake();
    await this.loop;
    await this.idle();
    this.lostUnsubscribe?.();
  }

  /** Resolves when no district work of this process is in flight. */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks.values()]);
  }

  private async run(): Promise<void> {
    const cron = this.ctx.schedule.next();
    await this.connections.alignNextFullSync(fork(this.ctx), cron).catch((e) => this.logError('schedule alignment failed', e));
    let delayMs = this.options.tickMs;
    while (this.running) {
      try {
        await this.tick();
        this.ctx.availability.reportSuccess();
        delayMs = this.options.tickMs;
      } catch (error) {
        // An unreachable database is one line in the log (the availability's), and the loop backs off
        // (doubling up to MAX_OUTAGE_BACKOFF_MS) instead of failing every tick; anything else is logged.
        const outage = this.ctx.availability.reportFailure(error);
        delayMs = outage ? Math.min(Math.max(delayMs * 2, this.options.tickMs), MAX_OUTAGE_BACKOFF_MS) : this.options.tickMs;
        if (!outage) this.logError('scheduler tick failed', error);
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
        setTimeout(resolve, delayMs).unref();
      });
      this.wakeUp = undefined;
    }
  }

  /** One pass over due work: discovery, nightly claims, pending runs, due polls. Work runs in the background. */
  async tick(): Promise<void> {
    const now = Date.now();
    if (now >= this.nextDiscoveryAt) {
      try {
        await this.connectDistricts.discover();
        const disconnected = await this.refreshGauges();
        // A configured token waiting out its backoff brings the next discovery forward, and so does a
        // disconnected district: its restored token is noticed within 30 s, not at the next regular discovery.
        const interval = disconnected > 0 ? Math.min(DISCONNECTED_DISCOVERY_MS, this.options.discoveryIntervalMs) : this.options.discoveryIntervalMs;
        this.nextDiscoveryAt = Math.min(now + interval, this.ctx.clever.nextStaticRetryAt() ?? Infinity);
      } catch (error) {
        this.logError('district discovery failed', error);
        this.nextDiscoveryAt = now + Math.min(30_000, this.options.discoveryIntervalMs);
      }
    }
    const em = fork(this.ctx);
    for (const districtId of await this.connections.dueFullSyncs(em)) {
      if (await this.connections.claimFullSync(em, districtId, this.ctx.schedule.next(new Date(now)))) {
        await em.transactional((tem) => this.runs.queueFull(tem, districtId, 'schedule'));
      }
    }
    for (const districtId of await this.runs.pendingDistricts(em)) this.launch(districtId, false);
    // Polls are claimed only for free slots and districts not busy here: a claim is (almost) never wasted.
    const free = this.options.maxConcurrentDistricts - this.tasks.size;
    if (free > 0) {
      const busy = [...this.tasks.keys()];
      for (const districtId of await this.connections.claimDuePolls(em, this.ctx.settings.eventsPollIntervalMs, free, busy)) {
        this.launch(districtId, true);
      }
    }
  }

  /** Starts a district's work in the background unless it is already running here or we are at capacity. */
  private launch(districtId: string, poll: boolean): void {
    if (this.tasks.has(districtId) || this.tasks.size >= this.options.maxConcurrentDistricts) return;
    if (!this.ctx.clever.hasToken(districtId)) return; // until discovery has found its token
    const task = this.workOn(districtId, { poll, signal: this.stopping.signal })
      .catch((e) => {
        this.logError('district work failed', e, districtId);
        return {} as DistrictWorkResult;
      })
      .finally(() => {
        this.tasks.delete(districtId);
        if (this.running) this.wake();
      });
    this.tasks.set(districtId, task);
  }

  /**
   * Everything due for one district, under its lock: orphaned events runs are closed, a pending full run
   * (queued and due, or interrupted) runs or resumes, then the events after the cursor are polled (always
   * after a full run, which only set the cursor).
   */
  async workOn(districtId: string, opts: { poll: boolean; signal?: AbortSignal }): Promise<DistrictWorkResult> {
    const handle: CleverDistrictHandle | undefined = this.ctx.clever.handle(districtId);
    if (!handle) return {};
    const signal = opts.signal ?? this.stopping.signal;
    const locked = await this.ctx.locks.withLock(districtId, async () => {
      const result: DistrictWorkResult = {};
      await this.closeOrphanedEventsRuns(districtId);
      const pending = await this.runs.dueFull(fork(this.ctx), districtId);
      let poll = opts.poll;
      if (pending) {
        // A child of the request that queued it (its traceparent travelled in the run's row), when traced.
        result.full = await inSpan('clever-ingestion full sync', { traceparent: pending.traceparent ?? undefined, attributes: { 'roster.district': districtId, 'roster.run_id': pending.id } }, () =>
          this.fullSync.execute(pending.id, handle, signal),
        );
        poll = result.full?.status === 'completed' || result.full?.status === 'held';
      }
      if (poll && !signal.aborted) {
        result.poll = await inSpan('clever-ingestion events poll', { attributes: { 'roster.district': districtId } }, () => this.pollEvents.execute(districtId, handle, signal));
      }
      // A preview runs after the district's real work, under the same lock: the two are serialized, and the
      // preview compares Clever with the index as the real run left it.
      const preview = signal.aborted ? null : await this.runs.duePreview(fork(this.ctx), districtId);
      if (preview) {
        result.preview = await inSpan('clever-ingestion sync preview', { traceparent: preview.traceparent ?? undefined, attributes: { 'roster.district': districtId, 'roster.run_id': preview.id } }, () =>
          this.previewSync.run(preview.id, handle, signal),
        );
      }
      return result;
    });
    if (!locked.ran) return { busy: true };
    return locked.value;
  }

  private async closeOrphanedEventsRuns(districtId: string): Promise<void> {
    // We hold the district's lock: an events run still `running` belongs to a process that died.
    await fork(this.ctx).transactional(async (em) => {
      const orphans = await this.runs.failWhere(
        em,
        districtId,
        { kind: 'events', status: 'running' },
        'INTERRUPTED',
        'the process stopped during the run; the cursor kept what was applied',
      );
      for (const run of orphans) await this.runEvents.publish(em, run, 'failed');
    });
  }

  /** Updates the per-district gauges; answers how many districts are disconnected. */
  private async refreshGauges(): Promise<number> {
    let disconnected = 0;
    for (const conn of await this.connections.all(fork(this.ctx))) {
      if (conn.state !== 'connected') disconnected++;
      // The staleness alert reads this gauge: a disconnected district would page forever, so it has no series.
      if (conn.state !== 'connected') this.ctx.metrics.forgetDistrict(conn.cleverDistrictId);
      else if (conn.lastSuccessfulFullSyncAt) this.ctx.metrics.setLastSuccess(conn.cleverDistrictId, new Date(conn.lastSuccessfulFullSyncAt));
    }
    return disconnected;
  }

  private logError(msg: string, error: unknown, districtId?: string): void {
    if (error instanceof RunAborted) return;
    // A database outage is logged once by the availability, not by every task that meets it.
    if (this.ctx.availability.reportFailure(error)) return;
    const e = error as { code?: unknown; message?: unknown };
    this.ctx.logger.error({ districtId, err: { code: typeof e?.code === 'string' ? e.code : undefined, message: typeof e?.message === 'string' ? e.message : String(error) } }, msg);
  }
}
