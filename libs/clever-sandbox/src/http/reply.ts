/** A response before it is written: routes return these, the server applies faults and writes them. */
export interface Reply {
  status: number;
  body?: string;
  /**
   * A body produced piece by piece instead (big list pages): written as it is generated, so a
   * 10,000-record page never sits in memory as one string and its pieces die young.
   */
  chunks?: () => Iterable<string>;
  contentType?: string;
  headers?: Record<string, string>;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export function json(status: number, value: unknown): Reply {
  return { status, body: JSON.stringify(value), contentType: JSON_TYPE };
}

export function rawJson(status: number, body: string): Reply {
  return { status, body, contentType: JSON_TYPE };
}

export function streamedJson(status: number, chunks: () => Iterable<string>): Reply {
  return { status, chunks, contentType: JSON_TYPE };
}

/** The whole body of a reply as one string (tests, and faults that need the full body). */
export function bodyText(reply: Reply): string {
  if (reply.chunks) return [...reply.chunks()].join('');
  return reply.body ?? '';
}

/** Clever's data API error body: `{"message": ...}`. */
export function cleverError(status: number, message: string): Reply {
  return json(status, { message });
}

/** The OAuth endpoints' error body: `{"error": ..., "error_description": ...}`. */
export function oauthError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description });
}

export function htmlPage(status: number, title: string, body = ''): Reply {
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    body: `<!DOCTYPE html><html><head><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
