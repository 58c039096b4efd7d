/** Failures the sandbox can be told to produce, to exercise a client's resilience. */
export type FaultKind =
  /** 429 with an empty body and X-RateLimit-* headers. */
  | 'rate_limit'
  /** A 5xx with Clever's JSON error body (status 500 unless given). */
  | 'server_error'
  /** Waits `delayMs` before answering normally. */
  | 'slow'
  /** Answers normally but cuts the body in half (Content-Length matches the cut body). */
  | 'truncated'
  /** An HTML error page instead of JSON (status 502 unless given; 200 is allowed too). */
  | 'html'
  /** Drops the connection without an answer. */
  | 'reset';

export const FAULT_KINDS: readonly FaultKind[] = ['rate_limit', 'server_error', 'slow', 'truncated', 'html', 'reset'];

export interface FaultRule {
  kind: FaultKind;
  /** How many matching requests it affects (default 1). */
  count?: number;
  /** Status for server_error / html. */
  status?: number;
  /** For slow. */
  delayMs?: number;
  /** For rate_limit: X-RateLimit-Reset is now + this many seconds (default 60). */
  resetInSeconds?: number;
  /** Only requests whose path (with query) contains this. */
  pathContains?: string;
  method?: string;
  /** Only requests made with this district's token. */
  districtId?: string;
}

export interface FaultTarget {
  method: string;
  pathWithQuery: string;
  districtId?: string;
}

interface ActiveRule extends FaultRule {
  id: number;
  remaining: number;
}

export class Faults {
  private rules: ActiveRule[] = [];
  private nextId = 1;

  add(rule: FaultRule): number {
    if (!FAULT_KINDS.includes(rule.kind)) throw new TypeError(`unknown fault kind: ${String(rule.kind)}`);
    const count = rule.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError('fault count must be a positive integer');
    const id = this.nextId++;
    this.rules.push({ ...rule, id, remaining: count });
    return id;
  }

  clear(): void {
    this.rules = [];
  }

  list(): Array<FaultRule & { id: number; remaining: number }> {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The first rule matching the request, consumed by one. */
  take(target: FaultTarget): FaultRule | undefined {
    const rule = this.rules.find(
      (r) =>
        (!r.pathContains || target.pathWithQuery.includes(r.pathContains)) &&
        (!r.method || r.method.toUpperCase() === target.method) &&
        (!r.districtId || r.districtId === target.districtId),
    );
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule;
  }
}
