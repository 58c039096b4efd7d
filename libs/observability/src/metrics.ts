import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** prom-client default metrics that are gauges named like counters; left out of the registry. */
export const NON_COUNTER_TOTALS: readonly string[] = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

interface MetricsGlobal {
  registry: Registry;
}

// One registry per process, even if this module is loaded twice: the embedded mode runs every
// service in one process and /metrics must show all of them once.
const globalKey = Symbol.for('roster.observability.metrics');
const holder = globalThis as unknown as Record<symbol, MetricsGlobal | undefined>;

function init(): MetricsGlobal {
  const registry = new Registry();
  // Node process metrics (CPU, memory, event loop lag, GC, handles), registered once per process.
  collectDefaultMetrics({ register: registry });
  // prom-client also exports the sums of its per-type gauges nodejs_active_{handles,requests,resources} as gauges
  // named `*_total`, a suffix Prometheus reserves for counters (`promtool check metrics` flags them, and rate()
  // on them would be wrong). The per-type gauges stay; their sum is `sum(nodejs_active_handles)`.
  for (const name of NON_COUNTER_TOTALS) registry.removeSingleMetric(name);
  return { registry };
}

/** The process's Prometheus registry: what GET /metrics serves. */
export const metricsRegistry: Registry = (holder[globalKey] ??= init()).registry;

/** The content type of {@link metricsText} (Prometheus text exposition format 0.0.4). */
export const METRICS_CONTENT_TYPE: string = metricsRegistry.contentType;

/** Every metric of the process in the Prometheus text format. */
export function metricsText(): Promise<string> {
  return metricsRegistry.metrics();
}

/**
 * `roster_<service>_<name>` with the service name made Prometheus-safe: `metricName('clever-ingestion',
 * 'events_polled_total')` is `roster_clever_ingestion_events_polled_total`.
 */
export function metricName(service: string, name: string): string {
  const safe = (s: string) => s.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return `roster_${safe(service)}_${safe(name)}`;
}

type MetricClass = typeof Counter | typeof Gauge | typeof Histogram;

/**
 * Prometheus' naming rules that `promtool check metrics` enforces, checked when a metric is created so that a
 * misnamed one fails the first test that loads it instead of a scrape: snake_case, counters end in `_total`,
 * nothing else does, and no name ends in a suffix Prometheus generates for histograms and summaries.
 */
function checkName(kind: MetricClass, name: string): void {
  const problem = !/^[a-z_][a-z0-9_]*$/.test(name)
    ? 'is not snake_case'
    : kind === Counter && !name.endsWith('_total')
      ? 'is a counter: its name must end in _total'
      : kind !== Counter && name.endsWith('_total')
        ? `is a ${kind.name}: _total is for counters`
        : /_(count|sum|bucket)$/.test(name)
          ? 'ends in a suffix Prometheus generates (_count, _sum, _bucket)'
          : undefined;
  if (problem) throw new Error(`metric ${name} ${problem}`);
}

function created<M>(kind: MetricClass, name: string, create: () => M): M {
  checkName(kind, name);
  return create();
}

function existing<M>(kind: MetricClass, name: string, labelNames: readonly string[]): M | undefined {
  const metric = metricsRegistry.getSingleMetric(name);
  if (!metric) return undefined;
  // Compared by class name: a second copy of prom-client (Jest module isolation) has other classes.
  if (metric.constructor.name !== kind.name) {
    throw new Error(`metric ${name} is already registered as a ${metric.constructor.name}, not a ${kind.name}`);
  }
  const registered = [...(((metric as unknown as { labelNames?: string[] }).labelNames) ?? [])].sort();
  const wanted = [...labelNames].sort();
  if (registered.join(',') !== wanted.join(',')) {
    throw new Error(`metric ${name} is already registered with labels [${registered.join(', ')}], not [${wanted.join(', ')}]`);
  }
  return metric as M;
}

/**
 * A counter in the process registry; calling it again with the same name returns the same counter
 * (same type and labels required). Prefix names per service (`roster_identity_...`): the embedded mode
 * runs every service in one process.
 */
export function counter<L extends string = string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return (
    existing<Counter<L>>(Counter, name, labelNames) ??
    created(Counter, name, () => new Counter<L>({ name, help, labelNames, registers: [metricsRegistry] }))
  );
}

/** A gauge in the process registry; idempotent like {@link counter}. */
export function gauge<L extends string = string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  return (
    existing<Gauge<L>>(Gauge, name, labelNames) ??
    created(Gauge, name, () => new Gauge<L>({ name, help, labelNames, registers: [metricsRegistry] }))
  );
}

/**
 * A histogram in the process registry; idempotent like {@link counter}. Buckets default to
 * prom-client's (seconds, 5 ms to 10 s), which suits durations measured in seconds.
 */
export function histogram<L extends string = string>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  buckets?: number[],
): Histogram<L> {
  return (
    existing<Histogram<L>>(Histogram, name, labelNames) ??
    created(Histogram, name, () => new Histogram<L>({ name, help, labelNames, registers: [metricsRegistry], ...(buckets ? { buckets } : {}) }))
  );
}
