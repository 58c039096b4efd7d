/** A tiny client of the public API, as an API consumer would write it: bearer token from the dev login. */
export class ApiClient {
  private token: string | undefined;

  constructor(readonly baseUrl: string) {}

  /** The bearer token of the last dev sign-in (for the generated client, @roster/api-client). */
  get bearerToken(): string | undefined {
    return this.token;
  }

  async request<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async get<T = any>(path: string): Promise<T> {
    const res = await this.request<T>('GET', path);
    if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Follows nextCursor until the end. */
  async all<T = any>(path: string): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page: { data: T[]; nextCursor: string | null } = await this.get(`${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      out.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  /** Dev sign-in (AUTH_MODE=dev) as the first listed user with `role`. */
  async signInAs(role: string): Promise<{ accountId: string }> {
    const users = await this.get<{ data: { accountId: string; roles: string[] }[] }>('/auth/dev-users');
    const user = users.data.find((u) => u.roles.includes(role));
    if (!user) throw new Error(`no dev user with role ${role}`);
    const res = await this.request<{ token: string }>('POST', '/auth/dev-login', { accountId: user.accountId });
    if (res.status !== 200 && res.status !== 201) throw new Error(`dev-login → ${res.status} ${JSON.stringify(res.body)}`);
    this.token = res.body.token;
    return user;
  }
}
