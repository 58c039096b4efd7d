import { SpanKind, SpanStatusCode, context, trace, type Attributes, type Span } from '@opentelemetry/api';
import { contextFrom, currentTraceparent } from './tracing';

const tracer = () => trace.getTracer('roster');

/**
 * Runs `work` in a span (a no-op span when tracing is off) whose parent is the span `traceparent` names, or
 * the active span. Records an error and rethrows it.
 */
export async function inSpan<T>(
  name: string,
  options: { kind?: 'producer' | 'consumer' | 'internal'; traceparent?: string; attributes?: Attributes },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const kind = options.kind === 'producer' ? SpanKind.PRODUCER : options.kind === 'consumer' ? SpanKind.CONSUMER : SpanKind.INTERNAL;
  return tracer().startActiveSpan(name, { kind, attributes: options.attributes }, contextFrom(options.traceparent), async (span) => {
    try {
      return await work(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}

/**
 * A span that is already over when it is made: one per message of a batch the caller handled as a whole
 * (a relay's produce request, an inbox batch), each a child of its own message's `traceparent`. Answers the
 * span's own `traceparent`, for the message's next hop (undefined when tracing is off).
 */
export function messageSpan(
  name: string,
  options: { kind: 'producer' | 'consumer'; traceparent?: string; attributes?: Attributes; startTime?: number; error?: unknown },
): string | undefined {
  const span = tracer().startSpan(
    name,
    { kind: options.kind === 'producer' ? SpanKind.PRODUCER : SpanKind.CONSUMER, attributes: options.attributes, startTime: options.startTime },
    contextFrom(options.traceparent),
  );
  if (options.error !== undefined) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: options.error instanceof Error ? options.error.message : String(options.error) });
  }
  const own = currentTraceparent(trace.setSpan(context.active(), span));
  span.end();
  return own;
}
