// The first import of main.ts: OpenTelemetry's instrumentations patch http and pg as they load, so tracing
// starts before anything else is required (off unless OTEL_EXPORTER_OTLP_ENDPOINT is set; libs/tracing).
import { startTracing } from '@roster/tracing';

startTracing({ service: 'classes' });
