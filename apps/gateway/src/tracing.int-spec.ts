import { randomBytes } from 'node:crypto';
import { eventually } from '@roster/testing';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '@roster/tracing';
import { GatewayHarness } from './testing/gateway-harness';

/**
 * Issue 19: one trace from "sync now" through clever-ingestion, identity and classes. The services run as their
 * own processes with their production entry (tracing on through OTEL_EXPORTER_OTLP_ENDPOINT) and export to an
 * OTLP/HTTP receiver, as they would to a collector. The request carries a `traceparent` as the gateway's
 * instrumented fetch sends it; the run, its events, identity's account change and classes' projection
 * update must all land in that trace, across the outbox → Kafka → inbox hops.
 */
describe('distributed tracing (OpenTelemetry; real services, Kafka and PostgreSQL)', () => {
  let h: GatewayHarness;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    h = await GatewayHarness.start(
      'gw_trace',
      [{ name: 'Maple Grove', schools: 1, districtAdmins: 1, schoolAdmins: 0, multiRole: 0, teachers: 1, students: 4, contacts: 0, multiSchoolEvery: 0 }],
      {},
      { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint },
    );
  }, 300_000);

  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  it('"sync now" → ingestion run → roster event → identity → identity event → classes is one trace', async () => {
    const [district] = h.districts;
    const student = district.people.find((p) => p.roles.includes('student'))!;
    // Only the full sync sees the change (the events feed is off meanwhile), so the change travels in the run's trace.
    h.sandbox.admin.setEventsEnabled(false);
    try {
      h.sandbox.admin.updateUser(district.cleverId, student.cleverId, { name: { first: 'Traced', last: 'Student' } });
    } finally {
      h.sandbox.admin.setEventsEnabled(true);
    }
    const traceId = randomBytes(16).toString('hex');
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const started = await h.internal('clever-ingestion', `/districts/${encodeURIComponent(district.cleverId)}/sync`, undefined, 'POST', { traceparent });
    expect(started.status).toBe(202);
    await h.runOutcome(district.cleverId, started.body.runId as string);

    const servicesIn = (spans: ReceivedSpan[]) => new Set(spans.filter((s) => s.traceId === traceId).map((s) => s.service));
    const root = traceparent.split('-')[2];
    const orphans = (spans: ReceivedSpan[]) => {
      const ids = new Set(spans.map((s) => s.spanId));
      return spans.filter((s) => s.parentSpanId !== root && !ids.has(s.parentSpanId!));
    };
    // Each process exports in batches (every second): wait until classes' spans are in and every span's parent
    // has arrived too — every span hangs off the request's span or another span of the trace, nothing is orphaned.
    let last: ReceivedSpan[] = [];
    const spans = await eventually(
      async () => {
        last = receiver.spans().filter((s) => s.traceId === traceId);
        return servicesIn(last).has('classes') && orphans(last).length === 0 ? last : undefined;
      },
      60_000,
      `spans of trace ${traceId} from classes with no orphan`,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; services: ${[...servicesIn(last)].join(', ')}; orphans: ${orphans(last).map((s) => `${s.service} ${s.name}`).join(', ')}`);
    });
    expect([...servicesIn(spans)].sort()).toEqual(['classes', 'clever-ingestion', 'identity']);
    expect(orphans(spans)).toEqual([]);
    // The hops are there: relays publishing (producer = 4) and inboxes consuming (consumer = 5), and SQL.
    const kinds = (service: string) => new Set(spans.filter((s) => s.service === service).map((s) => s.kind));
    expect(kinds('clever-ingestion').has(4)).toBe(true);
    expect([kinds('identity').has(5), kinds('identity').has(4)]).toEqual([true, true]);
    expect(kinds('classes').has(5)).toBe(true);
    expect(spans.some((s) => s.service === 'identity' && /^(SELECT|INSERT|UPDATE|pg\.)/i.test(s.name))).toBe(true);
  }, 180_000);
});
