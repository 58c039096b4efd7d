import type { RecordType } from './normalize';

/** What the shadow index holds about one Clever record (no content: a hash of the normalized payload). */
export interface ShadowEntry {
  hash: string | null;
  /** Our version of the record, +1 per published change (envelope `version`). */
  version: number;
  status: 'active' | 'removed';
  /** The full run that last listed it. */
  lastSeenRun: string | null;
  /** The newest Clever event (or the events cursor a full sync started from) reflected in it. */
  sourceEventId: string | null;
  /** A consumer dead-lettered our last event about it: publish it again even if unchanged. */
  forceRepublish: boolean;
  republishCount: number;
  /**
   * The district that owns the record: the first district that shared its Clever id (ARCHITECTURE.md §6
   * "Tenancy of Clever ids"). Set on entries read from the index; never changed by a write.
   */
  owner?: string;
  /** What change lists show and the safeguard counts by (migration 0006); absent = unknown (written as null). */
  describe?: Descriptor;
}

/** A record's role (users), school and display name, as the shadow index keeps them. */
export interface Descriptor {
  accountRole: string | null;
  schoolCleverId: string | null;
  label: string | null;
}

/** A removed record keeps its role and school (counts, history) but not its name. */
export function withoutLabel(d: Descriptor | undefined): Descriptor | undefined {
  return d ? { ...d, label: null } : undefined;
}

/**
 * The entry of a record Clever stopped sharing, as the index keeps it (issue 16, retention): nothing
 * personal — no display name and no content hash (a fingerprint of the person's record: it would confirm a
 * guess of their name and email). What stays is what later syncs read: type and Clever id (the key), the
 * owner, version, status, cursors, role and school (counts). A record shared again classifies as `restored`
 * from its status alone and is published whole from Clever's fresh record, so the hash is not needed.
 */
export function scrubbedRemoval(entry: ShadowEntry, change: Pick<ShadowEntry, 'version'> & Partial<ShadowEntry>): ShadowEntry {
  return { ...entry, ...change, status: 'removed', forceRepublish: false, hash: null, describe: withoutLabel(entry.describe) };
}

/** Whether the index says another district owns this record (then the sending district's copy is rejected). */
export function ownedElsewhere(entry: ShadowEntry | undefined, districtId: string): boolean {
  return entry?.owner !== undefined && entry.owner !== districtId;
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged' | 'restored';

export interface Classified {
  outcome: UpsertOutcome;
  /** Version after this observation (bumped when something is published). */
  version: number;
  publish: boolean;
}

/**
 * Compares a record seen now with the shadow: new → created (v1), removed before → restored, another
 * hash (or a forced republish) → updated, else unchanged (nothing published).
 */
export function classify(entry: ShadowEntry | undefined, hash: string): Classified {
  if (!entry) return { outcome: 'created', version: 1, publish: true };
  if (entry.status === 'removed') return { outcome: 'restored', version: entry.version + 1, publish: true };
  if (entry.hash !== hash || entry.forceRepublish) return { outcome: 'updated', version: entry.version + 1, publish: true };
  return { outcome: 'unchanged', version: entry.version, publish: false };
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/**
 * Feed order of two Clever event ids (ObjectIDs ascend with the feed): negative when `a` comes first.
 * Ids that are not ObjectIDs cannot be ordered: they compare as "newer" so the event is applied.
 */
export function compareEventIds(a: string, b: string): number {
  if (!OBJECT_ID.test(a) || !OBJECT_ID.test(b)) return 1;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The later of two cursors (null = none). */
export function laterEventId(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareEventIds(a, b) >= 0 ? a : b;
}

export const shadowKey = (type: RecordType, id: string): string => `${type}:${id}`;
