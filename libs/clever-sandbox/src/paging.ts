import { Slice } from './store/collection';

/** Clever list paging parameters as the emulator understands them. */
export interface PageRequest {
  limit: number;
  startingAfter?: string;
  /** null = the literal `last` (the tail of the list). */
  endingBefore?: string | null;
}

export interface Link {
  rel: 'self' | 'next' | 'prev';
  uri: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

export function parsePaging(query: URLSearchParams, defaultLimit: number, maxLimit: number): Parsed<PageRequest> {
  let limit = defaultLimit;
  const rawLimit = query.get('limit');
  if (rawLimit !== null && rawLimit !== '') {
    if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1) {
      return { ok: false, status: 400, message: `limit must be a positive integer, got ${JSON.stringify(rawLimit)}` };
    }
    limit = Number(rawLimit);
    if (limit > maxLimit) {
      return { ok: false, status: 413, message: `limit may not exceed ${maxLimit}` };
    }
  }
  const startingAfter = query.get('starting_after') || undefined;
  const rawBefore = query.get('ending_before') || undefined;
  if (startingAfter && rawBefore) {
    return { ok: false, status: 400, message: 'use either starting_after or ending_before, not both' };
  }
  return {
    ok: true,
    value: { limit, startingAfter, endingBefore: rawBefore === undefined ? undefined : rawBefore === 'last' ? null : rawBefore },
  };
}

/**
 * `self` echoes the request; `next` (only when more matching records exist) continues after the last
 * item with the same filters; `prev` — optional, as on Clever — points before the first item and may
 * well yield an empty page.
 */
export function pageLinks(
  pathname: string,
  query: URLSearchParams,
  slice: Pick<Slice<{ id: string }>, 'items' | 'more'>,
  request: PageRequest,
  withPrev: boolean,
): Link[] {
  const search = query.toString();
  const links: Link[] = [{ rel: 'self', uri: search ? `${pathname}?${search}` : pathname }];
  const rest = new URLSearchParams(query);
  rest.delete('starting_after');
  rest.delete('ending_before');
  const withCursor = (key: string, id: string) => {
    const q = new URLSearchParams(rest);
    q.set(key, id);
    return `${pathname}?${q.toString()}`;
  };
  const items = slice.items;
  if (slice.more && items.length) links.push({ rel: 'next', uri: withCursor('starting_after', items[items.length - 1].id) });
  const cursorUsed = request.startingAfter !== undefined || request.endingBefore !== undefined;
  if (withPrev && cursorUsed && items.length) links.push({ rel: 'prev', uri: withCursor('ending_before', items[0].id) });
  return links;
}
