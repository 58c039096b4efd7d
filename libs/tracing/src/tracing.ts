import { context, propagation, trace, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';

/**
 * Distributed tracing with OpenTelemetry, off unless asked for: `OTEL_EXPORTER_OTLP_ENDPOINT` set (OTLP over
 * HTTP, the collector's `/v1/traces`), or an exporter given (tests use the SDK's InMemorySpanExporter).
 *
 * Spans: HTTP in and out (node:http, and fetch through undici: the gateway's calls to services, the Clever
 * client), PostgreSQL queries (pg), and — made by libs/messaging, not by an instrumentation — one span per
 * message published by an outbox relay and per message consumed by an inbox, whose parent is the
 * `traceparent` the envelope carries. The envelope keeps the context across the outbox's gap between a
 * transaction and its publication, so a Clever change is one trace from ingestion through identity to classes.
 *
 * Instrumentations patch modules when they are loaded: start tracing before anything requires `pg` or
 * creates a server, i.e. as the first import of a process's entry (`import './tracing'` in each `main.ts`).
 */
export interface TracingOptions {
  service: string;
  /** OTLP/HTTP traces endpoint (default: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`). */
  endpoint?: string;
  /** Export here instead (synchronously, span by span): tests. */
  exporter?: SpanExporter;
}

export interface Tracing {
  provider: TracerProvider;
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/** The OTLP traces endpoint the environment asks for, if any. */
export function tracesEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.OTEL_SDK_DISABLED === 'true') return undefined;
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  return undefined;
}

/** Starts tracing for this process once (later calls answer the first); undefined when it is off. */
export function startTracing(options: TracingOptions): Tracing | undefined {
  if (active) return active;
  const endpoint = options.endpoint ?? tracesEndpoint();
  if (!options.exporter && !endpoint) return undefined;
  const processor = options.exporter
    ? new SimpleSpanProcessor({ exporter: options.exporter })
    : new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: endpoint }), scheduledDelayMillis: 1000 });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? options.service }),
    spanProcessors: [processor],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  const disable = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // Probes and scrapes are not worth a trace each.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(health|metrics)(\/|$)/.test(req.url ?? '') }),
      new UndiciInstrumentation(),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  active = {
    provider,
    shutdown: async () => {
      disable();
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
      active = undefined;
    },
  };
  return active;
}

/** The W3C `traceparent` of the current span, to carry in an envelope; undefined outside a sampled span. */
export function currentTraceparent(ctx: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
}

/** The context whose parent is the span a `traceparent` names (the active context when there is none). */
export function contextFrom(traceparent: string | undefined): Context {
  if (!traceparent) return context.active();
  return propagation.extract(context.active(), { traceparent });
}
