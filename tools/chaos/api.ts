/**
 * The public API as an API client drives it (bearer token from the dev login), with the retry discipline a careful
 * client needs under faults: 429 and 503 are retried after a pause; a network error or another 5xx leaves the
 * outcome UNKNOWN (the request may have been applied), which the caller resolves before retrying.
 */
export interface ApiAnswer<T = any> {
  status: number;
  body: T;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ApiClient {
  token: string | undefined;
  /** Requests answered 5xx or not at all, by status ('network' for none). */
  readonly troubles = new Map<string, number>();

  constructor(readonly baseUrl: string) {}

  /** One attempt. status 0 = no answer (connection refused/reset, timeout). */
  async once<T = any>(
    method: string,
    path: string,
    body?: unknown,
    timeoutMs = 30_000,
  ): Promise<ApiAnswer<T>> {
    try {
      const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      if (res.status >= 500) this.count(String(res.status));
      return { status: res.status, body: parsed as T };
    } catch {
      this.count("network");
      return { status: 0, body: undefined as T };
    }
  }

  private count(key: string): void {
    this.troubles.set(key, (this.troubles.get(key) ?? 0) + 1);
  }

  /** A read: retried until it answers something other than 0/429/5xx, within `timeoutMs`. */
  async read<T = any>(path: string, timeoutMs = 120_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      const res = await this.once<T>("GET", path);
      if (res.status === 200) return res.body;
      if (res.status !== 0 && res.status !== 429 && res.status < 500)
        throw new ApiError(
          res.status,
          res.body,
          `GET ${path} → ${res.status} ${JSON.stringify(res.body)}`,
        );
      if (Date.now() > deadline)
        throw new ApiError(
          res.status,
          res.body,
          `GET ${path} kept failing (${res.status}) for ${timeoutMs} ms`,
        );
      await sleep(Math.min(500 * 2 ** attempt, 4000));
    }
  }

  async all<T = any>(path: string): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes("?") ? "&" : "?";
      const page: { data: T[]; nextCursor: string | null } = await this.read(
        `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      out.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  async signIn(accountId: string): Promise<void> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const res = await this.once<{ token: string }>(
        "POST",
        "/auth/dev-login",
        { accountId },
      );
      if (res.status === 200 || res.status === 201) {
        this.token = res.body.token;
        return;
      }
      if (Date.now() > deadline)
        throw new ApiError(
          res.status,
          res.body,
          `dev-login ${accountId} → ${res.status} ${JSON.stringify(res.body)}`,
        );
      await sleep(1000);
    }
  }
}

/** Whether an answer leaves the outcome unknown (retry after resolving) or is definitive. */
export function isUncertain(status: number): boolean {
  return status === 0 || status >= 500;
}

export function isRetryLater(status: number): boolean {
  return status === 429 || status === 503;
}
