import { CleverBadResponseError, CleverHttpError, CursorExpiredError, TokenRevokedError } from './errors';
import { ListParams, listPath, resolveUri, shouldContinue } from './paging';
import { SendResult } from './transport';
import { CleverCollection, CleverEvent, CleverLink, CollectionTypes } from './types';
import type { CleverClient } from './client';

/** One page of a list: the objects, the raw items (with `uri`), and where the next page is. */
export interface CleverPage<T> {
  data: T[];
  /** The page's items as sent (`{data, uri, links?}`). */
  items: Array<{ data: T; uri?: string }>;
  links: CleverLink[];
  /** Absolute URL of the next page, or undefined on the last page. */
  next: string | undefined;
  /** Id of the last object on the page (the cursor to persist for events). */
  lastId: string | undefined;
}

export interface DistrictHandleOptions {
  /**
   * Finds the district's current token after a 401 (rotation). Default: `/oauth/tokens?district=<id>`.
   * Return null/undefined when the district has no token any more.
   */
  resolveToken?: () => Promise<string | null | undefined>;
  /** Told when the token was replaced, so the caller can persist it. */
  onTokenChange?: (token: string) => void;
}

export interface EventPageOptions {
  limit?: number;
  recordTypes?: string[];
  school?: string;
}

/** Per-district access with the district-app token: lists, items, events. */
export class CleverDistrictHandle {
  private currentToken: string;
  private resolving: Promise<string | null | undefined> | undefined;

  constructor(
    private readonly client: CleverClient,
    readonly districtId: string,
    token: string,
    private readonly options: DistrictHandleOptions = {},
  ) {
    this.currentToken = token;
  }

  /** The token in use (it changes after a rotation was resolved). */
  get token(): string {
    return this.currentToken;
  }

  /**
   * Pages through a collection in id order, following `links[rel=next]`; stops on a missing `next` or
   * an empty page. `limit` defaults to the client's page size (10000).
   */
  pages<C extends CleverCollection>(collection: C, params?: ListParams): AsyncGenerator<CleverPage<CollectionTypes[C]>>;
  pages<T = Record<string, unknown>>(path: string, params?: ListParams): AsyncGenerator<CleverPage<T>>;
  async *pages<T>(path: string, params: ListParams = {}): AsyncGenerator<CleverPage<T>> {
    const first = listPath(this.client.options.apiVersion, path, { limit: this.client.options.pageSize, ...params });
    yield* this.follow<T>(this.client.apiUrl(first));
  }

  /** Every object of a collection, page by page under the hood. */
  async *all<C extends CleverCollection>(collection: C, params: ListParams = {}): AsyncGenerator<CollectionTypes[C]> {
    for await (const page of this.pages(collection, params)) yield* page.data;
  }

  /** One object, or null when Clever says 404 (deleted, or no longer shared). */
  async get<C extends CleverCollection>(collection: C, id: string): Promise<CollectionTypes[C] | null> {
    const path = `/${this.client.options.apiVersion}/${collection}/${encodeURIComponent(id)}`;
    const result = await this.request(this.client.apiUrl(path), isItemEnvelope);
    if (result.status === 404) return null;
    if (!result.ok) throw httpError(result, path);
    return (result.body as { data: CollectionTypes[C] }).data;
  }

  /**
   * The newest event id (to remember before a full sync), or null for an empty feed. Uses
   * `ending_before=last&limit=1`; if Clever refuses that, pages the feed from its start instead.
   */
  async latestEventId(): Promise<string | null> {
    const path = listPath(this.client.options.apiVersion, 'events', { endingBefore: 'last', limit: 1 });
    const result = await this.request(this.client.apiUrl(path), isListEnvelope);
    if (result.ok) {
      const data = (result.body as { data: Array<{ data: { id?: unknown } }> }).data;
      const id = data[data.length - 1]?.data?.id;
      return typeof id === 'string' ? id : null;
    }
    if (result.status !== 400 && result.status !== 404 && result.status !== 501) throw httpError(result, path);
    let last: string | null = null;
    for await (const page of this.eventPages(null)) last = page.lastId ?? last;
    return last;
  }

  /**
   * Events after `startingAfter` (null = from the oldest retained), oldest first. A 404/400 on the
   * cursor — unknown, or dropped out of the 30-day window — throws CursorExpiredError: resync fully.
   */
  async *eventPages(startingAfter: string | null, options: EventPageOptions = {}): AsyncGenerator<CleverPage<CleverEvent>> {
    const path = listPath(this.client.options.apiVersion, 'events', {
      limit: options.limit ?? this.client.options.pageSize,
      startingAfter: startingAfter ?? undefined,
      recordTypes: options.recordTypes,
      school: options.school,
    });
    yield* this.follow<CleverEvent>(this.client.apiUrl(path), (result, url) => {
      const cursor = new URL(url).searchParams.get('starting_after');
      if (cursor && (result.status === 404 || result.status === 400)) throw new CursorExpiredError(cursor, result.status);
    });
  }

  private async *follow<T>(firstUrl: string, onRefused?: (result: SendResult, url: string) => void): AsyncGenerator<CleverPage<T>> {
    let url: string | undefined = firstUrl;
    while (url) {
      const result = await this.request(url, isListEnvelope);
      if (!result.ok) {
        onRefused?.(result, url);
        throw httpError(result, new URL(url).pathname);
      }
      const body = result.body as { data: Array<{ data: T; uri?: string }>; links?: CleverLink[] };
      const links = Array.isArray(body.links) ? body.links : [];
      const nextUri = shouldContinue({ data: body.data, links });
      let next: string | undefined;
      if (nextUri) {
        try {
          next = resolveUri(this.client.options.apiBaseUrl, nextUri);
        } catch (e) {
          throw new CleverBadResponseError(new URL(url).pathname, (e as Error).message);
        }
      }
      const data = body.data.map((item) => item.data);
      const lastData = data[data.length - 1] as { id?: unknown } | undefined;
      yield { data, items: body.data, links, next, lastId: typeof lastData?.id === 'string' ? lastData.id : undefined };
      if (!data.length) return;
      url = next;
    }
  }

  /**
   * A GET with the district token. On 401 the token is re-resolved once (Clever rotates leaked tokens):
   * a different token is tried once; none, the same one, or another 401 means the app was disconnected.
   */
  private async request(url: string, validate: (body: unknown) => boolean): Promise<SendResult> {
    const used = this.currentToken;
    const result = await this.client.bearerGet(url, used, validate);
    if (result.status !== 401) return result;
    const fresh = await this.resolveOnce(used);
    if (!fresh || fresh === used) throw new TokenRevokedError(this.districtId);
    const retried = await this.client.bearerGet(url, fresh, validate);
    if (retried.status === 401) throw new TokenRevokedError(this.districtId);
    return retried;
  }

  /** Concurrent 401s on the same token share one look-up. */
  private async resolveOnce(failedToken: string): Promise<string | null | undefined> {
    if (this.currentToken !== failedToken) return this.currentToken; // someone already swapped it
    this.resolving ??= (async () => {
      try {
        const resolver = this.options.resolveToken ?? (() => this.client.tokenForDistrict(this.districtId));
        const fresh = await resolver();
        if (fresh && fresh !== this.currentToken) {
          this.currentToken = fresh;
          this.options.onTokenChange?.(fresh);
        }
        return fresh;
      } finally {
        this.resolving = undefined;
      }
    })();
    return this.resolving;
  }
}

export function httpError(result: SendResult, path: string): CleverHttpError {
  const body = result.body as { message?: unknown; error?: unknown } | undefined;
  const reason = typeof body?.error === 'string' ? body.error : undefined;
  // Clever's `message` is free text that can quote request data; keep it out of error messages
  return new CleverHttpError(result.status, path, reason);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{data: [{data: {...}}...], links?: [...]}` — anything else is a broken body. */
export function isListEnvelope(body: unknown): boolean {
  if (!isObject(body) || !Array.isArray(body.data)) return false;
  if (body.links !== undefined && !Array.isArray(body.links)) return false;
  return body.data.every((item) => isObject(item) && isObject(item.data));
}

export function isItemEnvelope(body: unknown): boolean {
  return isObject(body) && isObject(body.data);
}
