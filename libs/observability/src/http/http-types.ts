import type { IncomingMessage, ServerResponse } from 'node:http';

/** The parts of Express' request this library uses (no dependency on @types/express). */
export interface HttpRequest extends IncomingMessage {
  route?: { path?: string };
  baseUrl?: string;
  originalUrl?: string;
}

/** The parts of Express' response this library uses. */
export interface HttpResponse extends ServerResponse {
  status(code: number): this;
  json(body: unknown): this;
  send(body: unknown): this;
  type(contentType: string): this;
}
