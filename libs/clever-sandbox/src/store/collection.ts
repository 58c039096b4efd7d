import { ApiVersion, CollectionName, forVersion, JsonObject } from '../generator/records';

/** The generated part of a collection: record i is computed on demand, ids ascend with i. */
export interface BaseSource {
  readonly count: number;
  idOf(i: number): string;
  build(i: number): JsonObject;
  /** Optional fast path: appends generated record i, serialised for a version, to `out`. */
  writeJson?(out: string[], i: number, version: ApiVersion): void;
  /**
   * Index ranges that hold every generated record matching `filter`, and nothing else when
   * `exact` is true (then records in range need no further check). Undefined = can't narrow.
   */
  ranges?(filter: RecordFilter): { ranges: Array<[number, number]>; exact: boolean } | undefined;
}

export interface RecordFilter {
  role?: string;
  /** Exact check on the full record; applied after `role`. */
  predicate?: (record: JsonObject) => boolean;
}

export type EntryState = 'active' | 'unshared' | 'deleted';

/** A record the admin API touched: created, changed, unshared or deleted. */
export interface Entry {
  /** Position in the collection's order. Normally record.id, but a malformed record may have no id. */
  sortId: string;
  record: JsonObject;
  state: EntryState;
  /** Deliberately invalid records (for rejection tests) are kept out of the counts. */
  malformed?: string;
}

export interface SliceItem<T> {
  /** The id the item sorts by (the record's id, unless it is a malformed record without one). */
  id: string;
  record: T;
}

/**
 * A page entry. Generated records are left unbuilt (`index` >= 0, `record` absent) until serialised,
 * so the fast JSON path can skip the object altogether.
 */
export interface CollectionItem {
  id: string;
  /** Generated index, or -1 for an overlay record. */
  index: number;
  record?: JsonObject;
}

export interface Slice<T = CollectionItem> {
  items: T[];
  /** Whether a matching record exists after the last returned one. */
  more: boolean;
}

const NO_FILTER: RecordFilter = {};

/**
 * One collection of one district: a lazily generated base plus a sparse overlay of mutations.
 * Memory is O(mutations), whatever the base size. Paging works on ids, as Clever's does: a page is
 * "the next `limit` matching ids after X" or "the last `limit` matching ids before X".
 */
export class LazyCollection {
  private readonly overlay = new Map<string, Entry>();
  /** Overlay sort ids in ascending order (mutations are rare; binary insertion is fine). */
  private readonly overlayOrder: string[] = [];

  constructor(
    readonly name: CollectionName,
    readonly base: BaseSource,
    private readonly roleOf: (record: JsonObject) => string[],
  ) {}

  /** The record behind a page item. */
  recordOf(item: CollectionItem): JsonObject {
    return item.record ?? this.base.build(item.index);
  }

  /** Appends a page item's JSON for an API version to `out` (fast path for generated records). */
  writeJson(out: string[], item: CollectionItem, version: ApiVersion): void {
    if (!item.record && this.base.writeJson) this.base.writeJson(out, item.index, version);
    else out.push(JSON.stringify(forVersion(this.name, this.recordOf(item), version)));
  }

  // ------------------------------------------------------------------ lookups

  /** Index of a generated id, or -1. */
  baseIndexOf(id: string): number {
    const i = this.lowerBound(id);
    return i < this.base.count && this.base.idOf(i) === id ? i : -1;
  }

  entry(id: string): Entry | undefined {
    return this.overlay.get(id);
  }

  /** The record as currently shared, or undefined when it doesn't exist, was deleted or unshared. */
  get(id: string): JsonObject | undefined {
    const e = this.overlay.get(id);
    if (e) return e.state === 'active' ? e.record : undefined;
    const i = this.baseIndexOf(id);
    return i >= 0 ? this.base.build(i) : undefined;
  }

  /** The record whatever its sharing state (for reshare and for the events' last-known object). */
  getAny(id: string): { record: JsonObject; state: EntryState } | undefined {
    const e = this.overlay.get(id);
    if (e) return { record: e.record, state: e.state };
    const i = this.baseIndexOf(id);
    return i >= 0 ? { record: this.base.build(i), state: 'active' } : undefined;
  }

  /** Overlay entries, in id order (tests and counts use them). */
  entries(): Entry[] {
    return this.overlayOrder.map((id) => this.overlay.get(id)!);
  }

  put(entry: Entry): void {
    if (!this.overlay.has(entry.sortId)) {
      const at = upperBound(this.overlayOrder, entry.sortId);
      this.overlayOrder.splice(at, 0, entry.sortId);
    }
    this.overlay.set(entry.sortId, entry);
  }

  // ------------------------------------------------------------------ paging

  /** Up to `limit` matching records with id > after (null = from the start), ascending. */
  after(after: string | null, limit: number, filter: RecordFilter = NO_FILTER): Slice {
    const out: CollectionItem[] = [];
    const base = this.baseCursor(after === null ? 0 : this.upperBoundBase(after), filter, 1);
    let ov = this.nextOverlay(after === null ? 0 : upperBound(this.overlayOrder, after), filter, 1);
    // one extra item tells whether a next page exists
    while (out.length <= limit) {
      const b = base.peek();
      if (b === undefined && ov.entry === undefined) break;
      if (ov.entry === undefined || (b !== undefined && this.base.idOf(b) < ov.entry.sortId)) {
        out.push(base.take());
      } else {
        out.push({ id: ov.entry.sortId, index: -1, record: ov.entry.record });
        ov = this.nextOverlay(ov.at + 1, filter, 1);
      }
    }
    const more = out.length > limit;
    if (more) out.length = limit;
    return { items: out, more };
  }

  /** Up to `limit` matching records with id < before (null = the tail, Clever's `last`), ascending. */
  before(before: string | null, limit: number, filter: RecordFilter = NO_FILTER): Slice {
    const out: CollectionItem[] = [];
    const base = this.baseCursor(before === null ? this.base.count - 1 : this.lowerBound(before) - 1, filter, -1);
    const start = before === null ? this.overlayOrder.length - 1 : lowerBound(this.overlayOrder, before) - 1;
    let ov = this.nextOverlay(start, filter, -1);
    while (out.length < limit) {
      const b = base.peek();
      if (b === undefined && ov.entry === undefined) break;
      if (ov.entry === undefined || (b !== undefined && this.base.idOf(b) > ov.entry.sortId)) {
        out.push(base.take());
      } else {
        out.push({ id: ov.entry.sortId, index: -1, record: ov.entry.record });
        ov = this.nextOverlay(ov.at - 1, filter, -1);
      }
    }
    out.reverse();
    // for an ending_before page, "more" means something follows its last item
    const more = out.length > 0 && this.after(out[out.length - 1].id, 0, filter).more;
    return { items: out, more };
  }

  /** Number of matching, shared records. */
  count(filter: RecordFilter = NO_FILTER): number {
    let n = 0;
    const narrowed = filter.role || filter.predicate ? this.base.ranges?.(filter) : undefined;
    if (!filter.role && !filter.predicate) {
      n = this.base.count - this.overlayOrder.filter((id) => this.baseIndexOf(id) >= 0).length;
    } else if (narrowed?.exact && !filter.predicate) {
      for (const [from, to] of narrowed.ranges) n += Math.max(0, to - from);
      // generated records shadowed by the overlay are counted by the overlay loop instead
      for (const id of this.overlayOrder) {
        const i = this.baseIndexOf(id);
        if (i >= 0 && narrowed.ranges.some(([f, t]) => i >= f && i < t)) n--;
      }
    } else {
      const cursor = this.baseCursor(0, filter, 1);
      while (cursor.peek() !== undefined) {
        cursor.take();
        n++;
      }
    }
    for (const id of this.overlayOrder) {
      const e = this.overlay.get(id)!;
      if (e.state === 'active' && this.matches(e.record, filter)) n++;
    }
    return n;
  }

  matches(record: JsonObject, filter: RecordFilter): boolean {
    if (filter.role !== undefined && !this.roleOf(record).includes(filter.role)) return false;
    return !filter.predicate || filter.predicate(record);
  }

  // ------------------------------------------------------------------ internals

  /** First base index whose id is >= id. */
  private lowerBound(id: string): number {
    let lo = 0;
    let hi = this.base.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.base.idOf(mid) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First base index whose id is > id. */
  private upperBoundBase(id: string): number {
    const i = this.lowerBound(id);
    return i < this.base.count && this.base.idOf(i) === id ? i + 1 : i;
  }

  private nextOverlay(at: number, filter: RecordFilter, step: 1 | -1): { entry?: Entry; at: number } {
    for (; at >= 0 && at < this.overlayOrder.length; at += step) {
      const e = this.overlay.get(this.overlayOrder[at])!;
      if (e.state === 'active' && this.matches(e.record, filter)) return { entry: e, at };
    }
    return { at };
  }

  /**
   * Walks generated records from index `start` in direction `step`, skipping the ones the overlay
   * shadows and, with a filter, the ones that don't match. `peek` returns the index of the next
   * match; `take` builds it.
   */
  private baseCursor(start: number, filter: RecordFilter, step: 1 | -1) {
    const narrowed = filter === NO_FILTER || (!filter.role && !filter.predicate) ? undefined : this.base.ranges?.(filter);
    const ranges: Array<[number, number]> = narrowed ? [...narrowed.ranges].sort((a, b) => a[0] - b[0]) : [[0, this.base.count]];
    const exact = narrowed ? narrowed.exact && !filter.predicate : !filter.role && !filter.predicate;
    if (step === -1) ranges.reverse();
    let r = 0;
    let i = start;
    let pending: { index: number; record?: JsonObject } | undefined;
    const advance = (): void => {
      pending = undefined;
      while (r < ranges.length) {
        const [from, to] = ranges[r];
        if (step === 1 ? i < from : i >= to) i = step === 1 ? from : to - 1;
        if (step === 1 ? i >= to : i < from) {
          r++;
          continue;
        }
        const index = i;
        i += step;
        if (this.overlay.size && this.overlay.has(this.base.idOf(index))) continue;
        if (exact) {
          pending = { index };
          return;
        }
        const record = this.base.build(index);
        if (this.matches(record, filter)) {
          pending = { index, record };
          return;
        }
      }
    };
    advance();
    return {
      peek: (): number | undefined => pending?.index,
      take: (): CollectionItem => {
        const p = pending!;
        const item: CollectionItem = { id: this.base.idOf(p.index), index: p.index, record: p.record };
        advance();
        return item;
      },
    };
  }
}

/** First index in a sorted array whose value is >= v. */
export function lowerBound(sorted: readonly string[], v: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in a sorted array whose value is > v. */
export function upperBound(sorted: readonly string[], v: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
