import { JsonObject } from '../generator/records';
import { lowerBound, Slice, SliceItem } from './collection';

/** One emitted Clever event, stored as the v3.1 object; the version and layout are applied on output. */
export interface StoredEvent {
  id: string;
  /** Clock time of emission, for retention. */
  atMs: number;
  type: string;
  created: string;
  object: JsonObject;
  previousAttributes?: JsonObject;
  /** School ids the object touches, for the `school` filter. */
  schools: string[];
}

export interface EventFilter {
  recordTypes?: string[];
  school?: string;
}

/** Where a `starting_after` cursor stands against the retained feed. */
export type CursorStatus = 'ok' | 'unknown' | 'expired';

/** A district's event feed: ascending ids, oldest first; events older than the retention window drop off. */
export class EventLog {
  private readonly events: StoredEvent[] = [];
  private readonly ids: string[] = [];

  append(event: StoredEvent): void {
    // ids come from a monotonic allocator, so appending keeps the order
    this.events.push(event);
    this.ids.push(event.id);
  }

  get size(): number {
    return this.events.length;
  }

  all(): readonly StoredEvent[] {
    return this.events;
  }

  find(id: string): StoredEvent | undefined {
    const i = lowerBound(this.ids, id);
    return this.ids[i] === id ? this.events[i] : undefined;
  }

  /** Index of the oldest event still inside the window. */
  windowStart(nowMs: number, retentionMs: number): number {
    const oldest = nowMs - retentionMs;
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.events[mid].atMs < oldest) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  cursorStatus(cursor: string, nowMs: number, retentionMs: number): CursorStatus {
    const i = lowerBound(this.ids, cursor);
    if (this.ids[i] !== cursor) return 'unknown';
    return i < this.windowStart(nowMs, retentionMs) ? 'expired' : 'ok';
  }

  private matches(e: StoredEvent, filter: EventFilter): boolean {
    if (filter.recordTypes?.length && !filter.recordTypes.includes(e.type.slice(0, e.type.indexOf('.')))) return false;
    return !filter.school || e.schools.includes(filter.school);
  }

  /** Same range semantics as the collections, over the retained window. */
  after(after: string | null, limit: number, filter: EventFilter, nowMs: number, retentionMs: number): Slice<SliceItem<StoredEvent>> {
    const from = Math.max(this.windowStart(nowMs, retentionMs), after === null ? 0 : upper(this.ids, after));
    const out: StoredEvent[] = [];
    for (let i = from; i < this.events.length && out.length <= limit; i++) {
      if (this.matches(this.events[i], filter)) out.push(this.events[i]);
    }
    const more = out.length > limit;
    if (more) out.length = limit;
    return { items: out.map((e) => ({ id: e.id, record: e })), more };
  }

  before(before: string | null, limit: number, filter: EventFilter, nowMs: number, retentionMs: number): Slice<SliceItem<StoredEvent>> {
    const start = this.windowStart(nowMs, retentionMs);
    const out: StoredEvent[] = [];
    let i = (before === null ? this.events.length : lowerBound(this.ids, before)) - 1;
    for (; i >= start && out.length < limit; i--) {
      if (this.matches(this.events[i], filter)) out.push(this.events[i]);
    }
    out.reverse();
    let more = false;
    if (out.length) {
      for (let j = lowerBound(this.ids, out[out.length - 1].id) + 1; j < this.events.length && !more; j++) {
        more = this.matches(this.events[j], filter);
      }
    }
    return { items: out.map((e) => ({ id: e.id, record: e })), more };
  }
}

function upper(sorted: readonly string[], v: string): number {
  const i = lowerBound(sorted, v);
  return sorted[i] === v ? i + 1 : i;
}
