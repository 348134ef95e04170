/** Label values in exposition format: `\`, `"` and newlines escaped. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(names: readonly string[], values: readonly string[], extra = ''): string {
  const parts = names.map((name, index) => `${name}="${escapeLabel(values[index] ?? '')}"`);
  if (extra) parts.push(extra);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

function formatNumber(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

interface Metric {
  render(): string;
}

/**
 * One label combination with its lookup id worked out once, for series a hot
 * path updates on every request (`Counter.incSeries`, `Histogram.observeSeries`).
 */
export interface Series {
  readonly id: string;
  readonly labels: readonly string[];
}

export function series(labels: readonly string[]): Series {
  return { id: labels.join('\u0000'), labels };
}

/** A monotonically increasing counter with fixed label names. */
export class Counter implements Metric {
  private readonly values = new Map<string, { labels: string[]; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  inc(labels: readonly string[], amount = 1): void {
    this.incSeries(series(labels), amount);
  }

  incSeries(target: Series, amount = 1): void {
    if (!(amount > 0)) return;
    const entry = this.values.get(target.id);
    if (entry) entry.value += amount;
    else this.values.set(target.id, { labels: [...target.labels], value: amount });
  }

  render(): string {
    let text = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} counter\n`;
    for (const { labels, value } of this.values.values())
      text += `${this.name}${labelText(this.labelNames, labels)} ${formatNumber(value)}\n`;
    return text;
  }
}

/** Cumulative-bucket histogram (bounds in the metric's unit). */
export class Histogram implements Metric {
  private readonly values = new Map<
    string,
    { labels: string[]; counts: number[]; sum: number; count: number }
  >();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly bounds: readonly number[],
  ) {}

  observe(labels: readonly string[], value: number): void {
    this.observeSeries(series(labels), value);
  }

  observeSeries(target: Series, value: number): void {
    let entry = this.values.get(target.id);
    if (!entry) {
      entry = {
        labels: [...target.labels],
        counts: new Array<number>(this.bounds.length).fill(0),
        sum: 0,
        count: 0,
      };
      this.values.set(target.id, entry);
    }
    for (let index = 0; index < this.bounds.length; index++)
      if (value <= this.bounds[index]!) entry.counts[index]!++;
    entry.sum += value;
    entry.count++;
  }

  render(): string {
    let text = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} histogram\n`;
    for (const { labels, counts, sum, count } of this.values.values()) {
      this.bounds.forEach((bound, index) => {
        text += `${this.name}_bucket${labelText(this.labelNames, labels, `le="${formatNumber(bound)}"`)} ${counts[index]}\n`;
      });
      text += `${this.name}_bucket${labelText(this.labelNames, labels, 'le="+Inf"')} ${count}\n`;
      text += `${this.name}_sum${labelText(this.labelNames, labels)} ${formatNumber(sum)}\n`;
      text += `${this.name}_count${labelText(this.labelNames, labels)} ${count}\n`;
    }
    return text;
  }
}

/** A gauge read at scrape time from a callback (state that lives elsewhere). */
export class CallbackGauge implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    private readonly read: () => Iterable<{ labels: string[]; value: number }>,
  ) {}

  render(): string {
    let text = `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} gauge\n`;
    for (const { labels, value } of this.read())
      text += `${this.name}${labelText(this.labelNames, labels)} ${formatNumber(value)}\n`;
    return text;
  }
}

/** Renders every metric in the Prometheus text exposition format (version 0.0.4). */
export function renderMetrics(metrics: readonly Metric[]): string {
  return metrics.map((metric) => metric.render()).join('');
}
