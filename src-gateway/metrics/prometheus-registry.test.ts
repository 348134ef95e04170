import { describe, expect, it } from 'vitest';
import { CallbackGauge, Counter, Histogram, renderMetrics } from './prometheus-registry.ts';

describe('Prometheus exposition', () => {
  it('renders counters with escaped labels, cumulative histograms and callback gauges', () => {
    const counter = new Counter('requests_total', 'Requests.', ['key']);
    counter.inc(['a "quoted"\\name\n']);
    counter.inc(['a "quoted"\\name\n'], 2);
    counter.inc(['b'], 0);
    const histogram = new Histogram('latency_seconds', 'Latency.', ['model'], [0.1, 1]);
    histogram.observe(['m'], 0.05);
    histogram.observe(['m'], 0.5);
    histogram.observe(['m'], 5);
    const gauge = new CallbackGauge('in_flight', 'In flight.', ['key'], () => [{ labels: ['k'], value: 3 }]);
    const text = renderMetrics([counter, histogram, gauge]);
    expect(text).toContain(
      '# TYPE requests_total counter\nrequests_total{key="a \\"quoted\\"\\\\name\\n"} 3\n',
    );
    expect(text).not.toContain('key="b"');
    expect(text).toContain('latency_seconds_bucket{model="m",le="0.1"} 1\n');
    expect(text).toContain('latency_seconds_bucket{model="m",le="1"} 2\n');
    expect(text).toContain('latency_seconds_bucket{model="m",le="+Inf"} 3\n');
    expect(text).toContain('latency_seconds_sum{model="m"} 5.55\n');
    expect(text).toContain('latency_seconds_count{model="m"} 3\n');
    expect(text).toContain('# TYPE in_flight gauge\nin_flight{key="k"} 3\n');
  });
});
