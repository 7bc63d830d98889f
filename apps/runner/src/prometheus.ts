/**
 * Metric families in the Prometheus text exposition format (version 0.0.4): counters, gauges
 * and histograms with labels, rendered with their `# HELP` and `# TYPE` lines.
 */

/** Content type of the text exposition format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label values by label name. */
export type Labels<N extends string> = Readonly<Record<N, string>>;

/** One sample line: metric name (with any suffix), labels and value. */
interface Sample {
  name: string;
  labels: ReadonlyArray<readonly [string, string]>;
  value: number;
}

interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  samples(): Sample[] | Promise<Sample[]>;
}

/** A label value with `\`, `"` and line feeds escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text with `\` and line feeds escaped. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value as the format writes it (`+Inf`, `-Inf`, `NaN`, or a Go-parsable float). */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function renderSample(sample: Sample): string {
  const labels = sample.labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  const braces = labels.length > 0 ? `{${labels.join(',')}}` : '';
  return `${sample.name}${braces} ${formatValue(sample.value)}`;
}

function checkNames(name: string, labelNames: readonly string[]): void {
  if (!METRIC_NAME.test(name)) throw new Error(`Invalid metric name "${name}"`);
  for (const label of labelNames) {
    if (!LABEL_NAME.test(label) || label.startsWith('__') || label === 'le') {
      throw new Error(`Invalid label name "${label}" for metric ${name}`);
    }
  }
}

/** Values kept per label combination, in first-seen order. */
class Series<N extends string, T> {
  private readonly byKey = new Map<string, { labels: Labels<N>; value: T }>();

  constructor(private readonly labelNames: readonly N[]) {}

  get(labels: Labels<N>, init: () => T): { labels: Labels<N>; value: T } {
    const key = JSON.stringify(this.labelNames.map((name) => labels[name]));
    let entry = this.byKey.get(key);
    if (!entry) {
      const copy = Object.fromEntries(this.labelNames.map((n) => [n, labels[n]])) as Labels<N>;
      entry = { labels: copy, value: init() };
      this.byKey.set(key, entry);
    }
    return entry;
  }

  entries(): Array<{ labels: Labels<N>; value: T }> {
    return [...this.byKey.values()];
  }

  pairs(labels: Labels<N>): Array<readonly [string, string]> {
    return this.labelNames.map((name) => [name, labels[name]] as const);
  }
}

/** A value that only goes up (resets when the process restarts). */
export class Counter<N extends string = never> implements Family {
  readonly type = 'counter';
  private readonly series: Series<N, { total: number }>;

  constructor(
    readonly name: string,
    readonly help: string,
    labelNames: readonly N[] = [],
  ) {
    checkNames(name, labelNames);
    this.series = new Series(labelNames);
    // A counter without labels starts at 0 rather than being absent.
    if (labelNames.length === 0) this.series.get({} as Labels<N>, () => ({ total: 0 }));
  }

  /** Add `by` (≥ 0) to the series of `labels`. */
  inc(labels: Labels<N>, by = 1): void {
    if (!(by >= 0)) throw new Error(`Counter ${this.name} cannot change by ${by}`);
    this.series.get(labels, () => ({ total: 0 })).value.total += by;
  }

  samples(): Sample[] {
    return this.series.entries().map(({ labels, value }) => ({
      name: this.name,
      labels: this.series.pairs(labels),
      value: value.total,
    }));
  }
}

/** Values read when the metrics are rendered. */
export type Reading<N extends string> = Array<{ labels: Labels<N>; value: number }>;

/** A family whose values are read from their source at every render. */
abstract class ReadFamily<N extends string> implements Family {
  abstract readonly type: 'counter' | 'gauge';
  private readonly series: Series<N, never>;

  constructor(
    readonly name: string,
    readonly help: string,
    labelNames: readonly N[],
    private readonly read: () => Reading<N> | Promise<Reading<N>>,
  ) {
    checkNames(name, labelNames);
    this.series = new Series(labelNames);
  }

  async samples(): Promise<Sample[]> {
    return (await this.read()).map(({ labels, value }) => ({
      name: this.name,
      labels: this.series.pairs(labels),
      value,
    }));
  }
}

/** A value that goes up and down, read from its source at every render. */
export class Gauge<N extends string = never> extends ReadFamily<N> {
  readonly type = 'gauge';
}

/** A total kept elsewhere (CPU time…), read at every render; it must only grow. */
export class ReadCounter<N extends string = never> extends ReadFamily<N> {
  readonly type = 'counter';
}

/** Observations counted into cumulative buckets, with their sum and count. */
export class Histogram<N extends string = never> implements Family {
  readonly type = 'histogram';
  private readonly series: Series<N, { buckets: number[]; sum: number; count: number }>;
  private readonly bounds: readonly number[];

  constructor(
    readonly name: string,
    readonly help: string,
    labelNames: readonly N[],
    /** Upper bounds of the buckets, ascending; `+Inf` is added. */
    bounds: readonly number[],
  ) {
    checkNames(name, labelNames);
    if (bounds.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= (bounds[i - 1] as number)))) {
      throw new Error(`Histogram ${name} needs finite, strictly ascending bucket bounds`);
    }
    this.bounds = bounds;
    this.series = new Series(labelNames);
  }

  observe(labels: Labels<N>, value: number): void {
    const entry = this.series.get(labels, () => ({
      buckets: this.bounds.map(() => 0),
      sum: 0,
      count: 0,
    })).value;
    const index = this.bounds.findIndex((bound) => value <= bound);
    if (index >= 0) entry.buckets[index] = (entry.buckets[index] ?? 0) + 1;
    entry.sum += value;
    entry.count += 1;
  }

  samples(): Sample[] {
    return this.series.entries().flatMap(({ labels, value }) => {
      const pairs = this.series.pairs(labels);
      let cumulative = 0;
      const buckets = this.bounds.map((bound, i) => {
        cumulative += value.buckets[i] ?? 0;
        return {
          name: `${this.name}_bucket`,
          labels: [...pairs, ['le', formatValue(bound)] as const],
          value: cumulative,
        };
      });
      return [
        ...buckets,
        {
          name: `${this.name}_bucket`,
          labels: [...pairs, ['le', '+Inf'] as const],
          value: value.count,
        },
        { name: `${this.name}_sum`, labels: pairs, value: value.sum },
        { name: `${this.name}_count`, labels: pairs, value: value.count },
      ];
    });
  }
}

/** The metric families of one process, rendered together. */
export class MetricRegistry {
  private readonly families: Family[] = [];

  /** Add a family; its name must be unique in the registry. */
  add<F extends Family>(family: F): F {
    if (this.families.some((f) => f.name === family.name)) {
      throw new Error(`Metric ${family.name} is registered twice`);
    }
    this.families.push(family);
    return family;
  }

  /** Every family in the text exposition format, ending with a line feed. */
  async render(): Promise<string> {
    const blocks = await Promise.all(
      this.families.map(async (family) => {
        const lines = [
          `# HELP ${family.name} ${escapeHelp(family.help)}`,
          `# TYPE ${family.name} ${family.type}`,
          ...(await family.samples()).map(renderSample),
        ];
        return lines.join('\n');
      }),
    );
    return `${blocks.join('\n')}\n`;
  }
}
