import { METRICS_CONTENT_TYPE, NON_COUNTER_TOTALS, counter, gauge, histogram, metricName, metricsRegistry, metricsText } from './metrics';

describe('metrics', () => {
  it('has one registry per process with the default Node metrics, registered once', async () => {
    const text = await metricsText();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text.match(/^# TYPE process_cpu_user_seconds_total /gm)).toHaveLength(1);
    expect(METRICS_CONTENT_TYPE).toMatch(/^text\/plain/);
  });

  it('exports no gauge named like a counter (the nodejs_active_*_total sums of prom-client are left out)', async () => {
    const text = await metricsText();
    const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => ({ name, type }));
    expect(types.filter((t) => t.name.endsWith('_total') && t.type !== 'counter')).toEqual([]);
    for (const name of NON_COUNTER_TOTALS) expect(metricsRegistry.getSingleMetric(name)).toBeUndefined();
    // The per-type gauges whose sums those were are still there.
    expect(types).toContainEqual({ name: 'nodejs_active_handles', type: 'gauge' });
  });

  it('refuses names promtool check metrics would flag', () => {
    expect(() => counter('roster_test_widgets', 'Widgets.')).toThrow('metric roster_test_widgets is a counter: its name must end in _total');
    expect(() => gauge('roster_test_open_total', 'Open.')).toThrow('metric roster_test_open_total is a Gauge: _total is for counters');
    expect(() => histogram('roster_test_wait_total', 'Wait.')).toThrow('is a Histogram: _total is for counters');
    expect(() => gauge('roster_test_queue_count', 'Queue.')).toThrow('ends in a suffix Prometheus generates');
    expect(() => gauge('roster_test_queueLength', 'Queue.')).toThrow('is not snake_case');
    expect(metricsRegistry.getSingleMetric('roster_test_widgets')).toBeUndefined();
  });

  it('is one registry even when the module is loaded again (embedded mode, several copies)', () => {
    jest.isolateModules(() => {
      const again = require('./metrics') as typeof import('./metrics');
      expect(again.metricsRegistry).toBe(metricsRegistry);
    });
  });

  it('counter/gauge/histogram return the existing metric for the same name', async () => {
    const c1 = counter('roster_test_things_total', 'Things.', ['kind']);
    const c2 = counter('roster_test_things_total', 'Things.', ['kind']);
    expect(c2).toBe(c1);
    c1.inc({ kind: 'a' });
    c2.inc({ kind: 'a' }, 2);
    expect(await metricsText()).toContain('roster_test_things_total{kind="a"} 3');

    const g = gauge('roster_test_lag_seconds', 'Lag.');
    expect(gauge('roster_test_lag_seconds', 'Lag.')).toBe(g);
    g.set(4.5);
    expect(await metricsText()).toContain('roster_test_lag_seconds 4.5');

    const h = histogram('roster_test_batch_seconds', 'Batch.', ['topic'], [0.1, 1]);
    expect(histogram('roster_test_batch_seconds', 'Batch.', ['topic'])).toBe(h);
    h.observe({ topic: 't' }, 0.5);
    const text = await metricsText();
    expect(text).toContain('roster_test_batch_seconds_bucket{le="0.1",topic="t"} 0');
    expect(text).toContain('roster_test_batch_seconds_bucket{le="1",topic="t"} 1');
  });

  it('refuses the same name with another type or other labels', () => {
    counter('roster_test_clash_total', 'Clash.', ['a']);
    expect(() => gauge('roster_test_clash_total', 'Clash.', ['a'])).toThrow(/already registered as a Counter/);
    expect(() => counter('roster_test_clash_total', 'Clash.', ['b'])).toThrow(/already registered with labels \[a\]/);
  });

  it('builds per-service names', () => {
    expect(metricName('clever-ingestion', 'events_polled_total')).toBe('roster_clever_ingestion_events_polled_total');
    expect(metricName('identity', 'accounts_created_total')).toBe('roster_identity_accounts_created_total');
  });
});
