import { addCounts, zeroCounts, type Counts } from './counts';
import { contentHash } from './content-hash';
import { normalize, recordTypeOfCollection, text, type PayloadOf, type RecordType, type RejectionReason } from './normalize';
import { describeRecord } from './describe';
import { classify, compareEventIds, laterEventId, ownedElsewhere, scrubbedRemoval, shadowKey, type ShadowEntry } from './shadow';

/** An event to publish, decided by a plan (the service turns it into an outbox item). */
export type PlannedEvent =
  | { kind: 'upserted'; recordType: RecordType; cleverId: string; version: number; envelopeId: string; payload: PayloadOf<RecordType> }
  | { kind: 'removed'; recordType: RecordType; cleverId: string; version: number; envelopeId: string; reason: 'unshared' | 'deleted' };

/** The shadow row to write for a record (the whole row: the run holds the district's lock). */
export interface ShadowWrite {
  recordType: RecordType;
  cleverId: string;
  entry: ShadowEntry;
}

export interface Rejection {
  recordType: RecordType;
  cleverId?: string;
  reason: RejectionReason;
}

export interface Plan {
  events: PlannedEvent[];
  writes: ShadowWrite[];
  counts: Counts;
  /** Counts per record type, for metrics. */
  byType: Partial<Record<RecordType, Counts>>;
  rejections: Rejection[];
}

function emptyPlan(): Plan {
  return { events: [], writes: [], counts: zeroCounts(), byType: {}, rejections: [] };
}

function count(plan: Plan, type: RecordType, outcome: keyof Counts): void {
  plan.counts[outcome]++;
  addCounts((plan.byType[type] ??= zeroCounts()), { [outcome]: 1 });
}

/** The Clever id of a raw record when it is one we can key on (the normalizer decides the rest). */
function rawIdOf(raw: unknown): string | undefined {
  const id = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? text((raw as { id?: unknown }).id) : undefined;
  return id !== undefined && id.length <= 64 ? id : undefined;
}

/** Rejects a record another district owns: counted and listed with its id only, nothing written or published. */
function rejectForeign(plan: Plan, recordType: RecordType, cleverId: string): void {
  count(plan, recordType, 'rejected');
  plan.rejections.push({ recordType, cleverId, reason: 'FOREIGN_DISTRICT_RECORD' });
}

/**
 * A plan after its shadow write: the records whose first claim another district won in between (both
 * districts shared a new id at the same moment; the index keeps the first writer as owner) are not
 * published, and are rejected as `FOREIGN_DISTRICT_RECORD` instead of counted as created. `lost` holds
 * shadow keys (`type:id`); normally empty, and then the plan comes back as it is.
 */
export function withoutLostClaims(plan: Plan, lost: ReadonlySet<string>): Plan {
  if (lost.size === 0) return plan;
  const isLost = (t: RecordType, id: string) => lost.has(shadowKey(t, id));
  const out: Plan = {
    events: plan.events.filter((e) => !isLost(e.recordType, e.cleverId)),
    writes: plan.writes.filter((w) => !isLost(w.recordType, w.cleverId)),
    counts: { ...plan.counts },
    byType: Object.fromEntries(Object.entries(plan.byType).map(([t, c]) => [t, { ...c }])),
    rejections: [...plan.rejections],
  };
  for (const w of plan.writes) {
    if (!isLost(w.recordType, w.cleverId)) continue;
    // Unknown to the index when planned (else it would have been rejected then): it was counted as created.
    out.counts.created--;
    const byType = (out.byType[w.recordType] ??= zeroCounts());
    byType.created--;
    rejectForeign(out, w.recordType, w.cleverId);
  }
  return out;
}

/**
 * One page of a full sync: every record is normalized and compared with the shadow. Records already
 * seen in this run (a resumed page) are skipped. Contacts are counted as ignored and not marked as seen,
 * so a user who is now only a contact is removed at the end of the run. A malformed record is rejected;
 * if the shadow knows its id it still counts as seen (it is shared, just unreadable): never archive on
 * a parse problem.
 */
export function planFullSyncPage(input: {
  recordType: RecordType;
  records: readonly unknown[];
  districtId: string;
  runId: string;
  /** The events cursor remembered before the run: the state read is at least that recent. */
  cursorAtStart: string | null;
  shadow: ReadonlyMap<string, ShadowEntry>;
}): Plan {
  const { recordType, districtId, runId } = input;
  const plan = emptyPlan();
  const done = new Set<string>();
  for (const raw of input.records) {
    // Tenancy first: a record whose id another district owns is rejected whatever it says (with or
    // without a `district` field), and never counts as seen (the owner's removals are the owner's).
    const rawId = rawIdOf(raw);
    if (rawId !== undefined && ownedElsewhere(input.shadow.get(rawId), districtId)) {
      rejectForeign(plan, recordType, rawId);
      continue;
    }
    const n = normalize(recordType, raw, districtId);
    if (n.kind === 'rejected') {
      count(plan, recordType, 'rejected');
      plan.rejections.push({ recordType, cleverId: n.id, reason: n.reason });
      const entry = n.id === undefined ? undefined : input.shadow.get(n.id);
      if (n.id !== undefined && entry && entry.status === 'active' && entry.lastSeenRun !== runId && !done.has(n.id)) {
        done.add(n.id);
        plan.writes.push({ recordType, cleverId: n.id, entry: { ...entry, lastSeenRun: runId } });
      }
      continue;
    }
    if (done.has(n.id)) continue;
    done.add(n.id);
    const entry = input.shadow.get(n.id);
    if (entry?.lastSeenRun === runId) continue;
    if (n.kind === 'ignored') {
      count(plan, recordType, 'ignored');
      continue;
    }
    const hash = contentHash(n.payload);
    const c = classify(entry, hash);
    count(plan, recordType, c.outcome);
    plan.writes.push({
      recordType,
      cleverId: n.id,
      entry: {
        hash,
        version: c.version,
        status: 'active',
        lastSeenRun: runId,
        sourceEventId: laterEventId(entry?.sourceEventId ?? null, input.cursorAtStart),
        forceRepublish: c.publish ? false : (entry?.forceRepublish ?? false),
        republishCount: entry && entry.hash === hash ? entry.republishCount : 0,
        describe: describeRecord(recordType, n.payload),
      },
    });
    if (c.publish) {
      plan.events.push({ kind: 'upserted', recordType, cleverId: n.id, version: c.version, envelopeId: `sync:${runId}:${n.id}:${hash.slice(0, 12)}`, payload: n.payload });
    }
  }
  return plan;
}

/** A Clever event as the feed gives it (only what folding reads). */
export interface FeedEvent {
  id: string;
  type: string;
  data?: { object?: unknown } | null;
}

/** The shadow keys (type, Clever id) a page of events touches: what to look up before folding. */
export function eventKeys(events: readonly FeedEvent[]): { recordType: RecordType; cleverId: string }[] {
  const out = new Map<string, { recordType: RecordType; cleverId: string }>();
  for (const e of events) {
    const target = eventTarget(e);
    if (target && target.cleverId) out.set(shadowKey(target.recordType, target.cleverId), { recordType: target.recordType, cleverId: target.cleverId });
  }
  return [...out.values()];
}

function eventTarget(e: FeedEvent): { recordType: RecordType; action: 'created' | 'updated' | 'deleted'; cleverId: string | undefined } | undefined {
  const m = /^([a-z_]+)\.(created|updated|deleted)$/.exec(e.type ?? '');
  if (!m) return undefined;
  const recordType = recordTypeOfCollection(m[1]);
  if (!recordType) return undefined;
  const object = e.data?.object as { id?: unknown } | undefined;
  const id = text(object?.id);
  return { recordType, action: m[2] as 'created' | 'updated' | 'deleted', cleverId: id !== undefined && id.length <= 64 ? id : undefined };
}

/**
 * Folds a page of Clever events (feed order) over the shadow. Each event carries the full object, so it
 * goes through the same normalization and comparison as a full sync: re-applying an event is a no-op.
 * An event not newer than what the record already reflects (a replay after a cursor reset, or an event
 * older than the full sync that read the record) is skipped. `*.deleted` removes (archive, never
 * delete); a user who became contact-only is removed too. District deletions and other collections
 * (courses, terms, resources) are not Roster's business.
 */
/** How many active users a plan removes (the events-side safeguard counts them). */
export function userRemovals(plan: Plan): number {
  return plan.events.filter((e) => e.kind === 'removed' && e.recordType === 'user').length;
}

/** The users a plan removes, by their account role in the index (`unknown` when it has none yet). */
export function userRemovalsByRole(plan: Plan, known: ReadonlyMap<string, ShadowEntry>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of plan.events) {
    if (e.kind !== 'removed' || e.recordType !== 'user') continue;
    const role = known.get(shadowKey('user', e.cleverId))?.describe?.accountRole ?? 'unknown';
    out[role] = (out[role] ?? 0) + 1;
  }
  return out;
}

export function planEvents(input: {
  events: readonly FeedEvent[];
  districtId: string;
  shadow: ReadonlyMap<string, ShadowEntry>;
  /**
   * A held run awaits a district admin's decision: user removals from events wait with it (they are
   * part of the held run's removals; approving applies them, rejecting discards them).
   */
  holdUserRemovals?: boolean;
}): Plan {
  const plan = emptyPlan();
  const state = new Map<string, ShadowEntry>(input.shadow);
  const written = new Map<string, ShadowWrite>();
  const write = (recordType: RecordType, cleverId: string, entry: ShadowEntry) => {
    const key = shadowKey(recordType, cleverId);
    state.set(key, entry);
    written.set(key, { recordType, cleverId, entry });
  };

  for (const event of input.events) {
    const target = eventTarget(event);
    if (!target) continue;
    const { recordType, action } = target;
    if (recordType === 'district' && action === 'deleted') continue;
    if (!target.cleverId) {
      count(plan, recordType, 'rejected');
      plan.rejections.push({ recordType, reason: event.data?.object && typeof event.data.object === 'object' ? 'MISSING_ID' : 'INVALID_RECORD' });
      continue;
    }
    const key = shadowKey(recordType, target.cleverId);
    const entry = state.get(key);
    // Another district owns the id: neither an upsert nor a deletion from this district's feed touches it.
    if (ownedElsewhere(entry, input.districtId)) {
      rejectForeign(plan, recordType, target.cleverId);
      continue;
    }
    if (entry?.sourceEventId && compareEventIds(event.id, entry.sourceEventId) <= 0) {
      count(plan, recordType, 'unchanged');
      continue;
    }
    const remove = (reason: 'unshared' | 'deleted') => {
      if (!entry) return false;
      if (recordType === 'user' && input.holdUserRemovals && entry.status === 'active') return false;
      if (entry.status !== 'active') {
        write(recordType, target.cleverId!, { ...entry, sourceEventId: event.id });
        return false;
      }
      const version = entry.version + 1;
      write(recordType, target.cleverId!, scrubbedRemoval(entry, { version, sourceEventId: event.id }));
      plan.events.push({ kind: 'removed', recordType, cleverId: target.cleverId!, version, envelopeId: `clever-event:${event.id}`, reason });
      count(plan, recordType, 'archived');
      return true;
    };

    if (action === 'deleted') {
      if (!remove('deleted')) count(plan, recordType, 'unchanged');
      continue;
    }
    const n = normalize(recordType, event.data?.object, input.districtId);
    if (n.kind === 'rejected') {
      count(plan, recordType, 'rejected');
      plan.rejections.push({ recordType, cleverId: n.id, reason: n.reason });
      continue;
    }
    if (n.kind === 'ignored') {
      if (!remove('unshared')) count(plan, recordType, 'ignored');
      continue;
    }
    const hash = contentHash(n.payload);
    const c = classify(entry, hash);
    count(plan, recordType, c.outcome);
    write(recordType, n.id, {
      hash,
      version: c.version,
      status: 'active',
      lastSeenRun: entry?.lastSeenRun ?? null,
      sourceEventId: event.id,
      forceRepublish: c.publish ? false : (entry?.forceRepublish ?? false),
      republishCount: entry && entry.hash === hash ? entry.republishCount : 0,
      describe: describeRecord(recordType, n.payload),
    });
    if (c.publish) {
      plan.events.push({ kind: 'upserted', recordType, cleverId: n.id, version: c.version, envelopeId: `clever-event:${event.id}`, payload: n.payload });
    }
  }
  plan.writes = [...written.values()];
  return plan;
}
