import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { currentTraceparent, inSpan, messageSpan, startTracing, tracesEndpoint } from './index';

describe('tracing', () => {
  it('is off unless an endpoint or an exporter is given', () => {
    expect(tracesEndpoint({})).toBeUndefined();
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe('http://collector:4318/v1/traces');
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b/traces' })).toBe('http://b/traces');
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(startTracing({ service: 'test', endpoint: undefined })).toBeUndefined();
  });

  it('without tracing, spans are no-ops and nothing carries a traceparent', async () => {
    expect(await inSpan('work', {}, async () => currentTraceparent())).toBeUndefined();
    expect(messageSpan('publish', { kind: 'producer' })).toBeUndefined();
  });

  describe('with the SDK (in-memory exporter)', () => {
    const exporter = new InMemorySpanExporter();
    let tracing: ReturnType<typeof startTracing>;
    beforeAll(() => {
      tracing = startTracing({ service: 'test', exporter });
    });
    afterAll(async () => tracing?.shutdown());

    it('a message hop keeps the trace: request → outbox envelope → relay publish → inbox consume', async () => {
      exporter.reset();
      const envelopeTraceparent = await inSpan('POST /sync', {}, async () => currentTraceparent());
      expect(envelopeTraceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      const published = messageSpan('roster.users.v1 publish', { kind: 'producer', traceparent: envelopeTraceparent });
      const consumed = await inSpan('roster.users.v1 process', { kind: 'consumer', traceparent: published }, async () => currentTraceparent());

      const spans = exporter.getFinishedSpans();
      expect(spans.map((s) => s.name)).toEqual(['POST /sync', 'roster.users.v1 publish', 'roster.users.v1 process']);
      const [request, publish, process] = spans;
      expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
      expect(publish.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
      expect(process.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
      expect(consumed).toContain(process.spanContext().spanId);
    });

    it('records a failure on the span and rethrows it', async () => {
      exporter.reset();
      await expect(inSpan('fails', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      const [span] = exporter.getFinishedSpans();
      expect(span.status).toMatchObject({ code: 2, message: 'boom' });
      expect(span.events.map((e) => e.name)).toEqual(['exception']);
    });
  });
});
