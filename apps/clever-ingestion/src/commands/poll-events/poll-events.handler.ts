import { Inject, Injectable } from '@nestjs/common';
import { CleverError, CursorExpiredError, TokenRevokedError, type CleverDistrictHandle } from '@roster/clever-client';
import { cursorExpired } from '../../domain/cursor-policy';
import { eventKeys, planEvents, userRemovalsByRole, withoutLostClaims, type FeedEvent } from '../../domain/plan';
import { defaultSafeguard, holdReasons } from '../../domain/safeguard';
import type { EntityManager } from '@roster/persistence';
import { safeguardSettingsOf } from '../../persistence/district-connection.entity';
import type { SyncRun } from '../../persistence/sync-run.entity';
import { fork, INGESTION_CONTEXT, RunAborted, type IngestionContext } from '../../runtime/context';
import { outboxItems } from '../../common/roster-events';
import { prefetch } from '../../runtime/prefetch';
import { ConnectDistrictsHandler } from '../connect-districts/connect-districts.handler';
import { ConnectionsRepository } from '../../persistence/connections.repository';
import { RunsRepository, type RunFields } from '../../persistence/runs.repository';
import { ShadowRepository } from '../../persistence/shadow.repository';
import { SyncRunEvents } from '../../common/sync-run-events';

export type PollOutcome =
  | { kind: 'skipped'; reason: 'not_connected' | 'no_full_sync_yet' }
  | { kind: 'no_events' }
  | { kind: 'applied'; run: SyncRun }
  | { kind: 'cursor_expired'; resyncRunId: string }
  /** The events would archive more users than the safeguard allows: a full sync (which holds them) is queued. */
  | { kind: 'safeguard'; resyncRunId: string; run?: SyncRun }
  | { kind: 'failed'; run?: SyncRun; code: string };

/**
 * Polls `/events?starting_after=<cursor>` for one district (under its lock) and applies the events in
 * feed order, one page per transaction: shadow lookup, fold, shadow upsert, outbox rows, and the new
 * cursor — so the cursor never runs ahead of, or behind, what was published. An events run (with its
 * sync-run events) exists only when the feed had something. A cursor that is past retention (ObjectID
 * time) or refused (404/400) queues a full resync instead.
 */
@Injectable()
export class PollEventsHandler {
  constructor(
    @Inject(INGESTION_CONTEXT) private readonly ctx: IngestionContext,
    @Inject(ConnectionsRepository) private readonly connections: ConnectionsRepository,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(ShadowRepository) private readonly shadow: ShadowRepository,
    @Inject(SyncRunEvents) private readonly runEvents: SyncRunEvents,
    @Inject(ConnectDistrictsHandler) private readonly connectDistricts: ConnectDistrictsHandler,
  ) {}

  async execute(districtId: string, handle: CleverDistrictHandle, signal: AbortSignal, now = Date.now()): Promise<PollOutcome> {
    const { outbox } = this.ctx;
    const { runs, connections, shadow, runEvents } = this;
    const conn = await connections.get(fork(this.ctx), districtId);
    if (!conn || conn.state !== 'connected') return { kind: 'skipped', reason: 'not_connected' };
    if (!conn.cursorInitialized) return { kind: 'skipped', reason: 'no_full_sync_yet' };
    if (cursorExpired(conn.eventsCursor, now)) return this.resync(districtId);

    let run: SyncRun | undefined;
    const started = Date.now();
    // The safeguard applies to events too: Clever reports an unshare as `users.deleted`, so a mass
    // unshare must not archive through the feed what a full sync would hold.
    const held = await runs.heldRun(fork(this.ctx), districtId);
    const activeByRole = held ? {} : await shadow.activeUsersByRole(fork(this.ctx), districtId);
    const safeguard = safeguardSettingsOf(conn, defaultSafeguard(this.ctx.settings));
    // User removals applied by this poll so far, by account role: the safeguard judges the poll as a whole.
    const removedByRole: Record<string, number> = {};
    try {
      for await (const page of prefetch(handle.eventPages(conn.eventsCursor), 1)) {
        if (signal.aborted) throw new RunAborted();
        if (page.data.length === 0 || !page.lastId) break;
        const events = page.data as unknown as FeedEvent[];
        run ??= await fork(this.ctx).transactional(async (em) => {
          const created = await runs.createEventsRun(em, districtId);
          await runEvents.publish(em, created, 'started');
          return created;
        });
        const current = run;
        const plan = await fork(this.ctx).transactional(async (em) => {
          const known = await shadow.loadKeys(em, eventKeys(events));
          const draft = planEvents({ events, districtId, shadow: known, holdUserRemovals: Boolean(held) });
          if (!held) {
            const removalsByRole = { ...removedByRole };
            for (const [role, n] of Object.entries(userRemovalsByRole(draft, known))) removalsByRole[role] = (removalsByRole[role] ?? 0) + n;
            if (holdReasons({ removalsByRole, activeByRole, settings: safeguard }).length > 0) return undefined;
          }
          // Ids another district owns were rejected by the plan; a claim lost in between is dropped here.
          const planned = withoutLostClaims(draft, await shadow.write(em, districtId, draft.writes));
          await outbox.addMany(em, outboxItems(districtId, planned.events));
          await runs.addRejections(em, current, planned.rejections);
          await runs.addCounts(em, current.id, planned.counts);
          await connections.setCursor(em, districtId, page.lastId!);
          for (const [role, n] of Object.entries(userRemovalsByRole(planned, known))) removedByRole[role] = (removedByRole[role] ?? 0) + n;
          return planned;
        });
        if (!plan) {
          // Not applied, cursor not moved: the full sync computes the removals and holds them.
          const queued = await fork(this.ctx).transactional((em) => runs.queueFull(em, districtId, 'resync_request'));
          this.ctx.logger.warn({ districtId, runId: queued.runId, activeByRole, safeguard }, 'events would archive more users than the safeguard allows: full sync queued');
          const done = await fork(this.ctx).transactional((em) => this.finish(em, current.id, 'completed', { note: `stopped by the safeguard; full sync ${queued.runId} queued` }));
          this.ctx.metrics.runFinished('events', 'completed', (Date.now() - started) / 1000);
          return { kind: 'safeguard', resyncRunId: queued.runId, run: done };
        }
        this.ctx.metrics.recordOutcomes(plan.byType);
        const foreign = plan.rejections.filter((r) => r.reason === 'FOREIGN_DISTRICT_RECORD');
        if (foreign.length > 0) {
          // Ids only: a district whose feed touches records another district owns is a tenancy event worth a look.
          this.ctx.logger.warn({ districtId, runId: current.id, count: foreign.length, cleverIds: foreign.slice(0, 20).map((r) => r.cleverId) }, 'events about records owned by another district rejected');
        }
      }
      await connections.markPolled(fork(this.ctx), districtId);
      if (!run) return { kind: 'no_events' };
      const done = await fork(this.ctx).transactional((em) => this.finish(em, run!.id, 'completed'));
      this.ctx.metrics.runFinished('events', 'completed', (Date.now() - started) / 1000);
      return { kind: 'applied', run: done };
    } catch (error) {
      if (error instanceof RunAborted) throw error;
      if (error instanceof CursorExpiredError) {
        if (run) await this.fail(run, error.code, error.message, started);
        return this.resync(districtId);
      }
      if (error instanceof TokenRevokedError) await this.connectDistricts.disconnect(districtId, 'token_revoked');
      const code = error instanceof CleverError ? error.code : 'INTERNAL_ERROR';
      this.ctx.logger.warn({ districtId, err: { code, message: error instanceof Error ? error.message : String(error) } }, 'events poll failed');
      const failed = run ? await this.fail(run, code, error instanceof CleverError ? error.message : 'internal error (see the service logs)', started) : undefined;
      return { kind: 'failed', run: failed, code };
    }
  }

  private async fail(run: SyncRun, code: string, message: string, started: number): Promise<SyncRun> {
    const failed = await fork(this.ctx).transactional((em) => this.finish(em, run.id, 'failed', { errorCode: code, errorMessage: message.slice(0, 500) }));
    this.ctx.metrics.runFinished('events', 'failed', (Date.now() - started) / 1000);
    return failed;
  }

  /** Ends the events run and publishes it (same transaction). */
  private async finish(em: EntityManager, runId: string, status: 'completed' | 'failed', fields: RunFields = {}): Promise<SyncRun> {
    const run = await this.runs.finish(em, runId, status, fields);
    await this.runEvents.publish(em, run, status);
    return run;
  }

  private async resync(districtId: string): Promise<PollOutcome> {
    const queued = await fork(this.ctx).transactional((em) => this.runs.queueFull(em, districtId, 'cursor_expired'));
    this.ctx.logger.warn({ districtId, runId: queued.runId }, 'events cursor expired: full resync queued');
    return { kind: 'cursor_expired', resyncRunId: queued.runId };
  }
}
