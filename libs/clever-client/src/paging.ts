import { CleverLink } from './types';

/** Query parameters of a Clever list request. Extra keys (e.g. `primary`, `school`) pass through as-is. */
export interface ListParams {
  limit?: number;
  role?: string;
  startingAfter?: string;
  /** An id, or 'last' for the tail of the list. */
  endingBefore?: string;
  [key: string]: string | number | string[] | undefined;
}

const RENAMED: Record<string, string> = { startingAfter: 'starting_after', endingBefore: 'ending_before', recordTypes: 'record_type' };

/** `/v3.0/users?limit=10000&role=student` from a version, a path and params. */
export function listPath(version: string, path: string, params: ListParams = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const name = RENAMED[key] ?? key;
    for (const v of Array.isArray(value) ? value : [value]) query.append(name, String(v));
  }
  const search = query.toString();
  return `/${version}/${path.replace(/^\/+/, '')}${search ? `?${search}` : ''}`;
}

/** The `rel: next` link of a page, if any. */
export function nextLink(links: readonly CleverLink[] | undefined | null): string | undefined {
  return links?.find((l) => l.rel === 'next')?.uri;
}

/**
 * Clever's link URIs are relative paths that include the version prefix (`/v3.0/users?...`): prepend
 * the base. Absolute URIs are accepted only on the base's own origin — a bearer token must never be
 * sent to a host a response body named.
 */
export function resolveUri(baseUrl: string, uri: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  if (uri.startsWith('/')) return base + uri;
  const absolute = new URL(uri);
  if (absolute.origin !== new URL(base).origin) throw new Error(`refusing to follow a link to another origin: ${absolute.origin}`);
  return absolute.toString();
}

/** Stop paging on a missing `next` or an empty page (Clever can hand out a `next` that leads to `[]`). */
export function shouldContinue(page: { data: readonly unknown[]; links?: readonly CleverLink[] | null }): string | undefined {
  return page.data.length > 0 ? nextLink(page.links) : undefined;
}
