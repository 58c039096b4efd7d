/**
 * What the sandbox was asked, so tests can count Clever calls ("the sync made 101 requests to
 * /v3.0/users"). Paths and query strings carry ids only; bodies and headers are not kept.
 */
export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  districtId?: string;
  atMs: number;
}

export interface RequestStats {
  total: number;
  byPath: Record<string, number>;
  byStatus: Record<string, number>;
  recent: LoggedRequest[];
}

export class RequestLog {
  private total = 0;
  private byPath = new Map<string, number>();
  private byStatus = new Map<string, number>();
  private recent: LoggedRequest[] = [];

  constructor(private readonly keep = 1000) {}

  record(entry: LoggedRequest): void {
    this.total++;
    const key = `${entry.method} ${entry.path}`;
    this.byPath.set(key, (this.byPath.get(key) ?? 0) + 1);
    const status = String(entry.status);
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    this.recent.push(entry);
    if (this.recent.length > this.keep) this.recent.splice(0, this.recent.length - this.keep);
  }

  /** Requests whose "METHOD /path" starts with the prefix (or whose path does), e.g. "/v3.0/users". */
  count(prefix = ''): number {
    let n = 0;
    for (const [key, value] of this.byPath) {
      const path = key.slice(key.indexOf(' ') + 1);
      if (key.startsWith(prefix) || path.startsWith(prefix)) n += value;
    }
    return n;
  }

  stats(): RequestStats {
    return {
      total: this.total,
      byPath: Object.fromEntries(this.byPath),
      byStatus: Object.fromEntries(this.byStatus),
      recent: [...this.recent],
    };
  }

  reset(): void {
    this.total = 0;
    this.byPath.clear();
    this.byStatus.clear();
    this.recent = [];
  }
}
