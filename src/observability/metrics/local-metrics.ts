import type { Registry } from 'prom-client';

/**
 * Buckets of the *Time metrics, in milliseconds as AWS reports them: from a Pass chain (a few ms)
 * to a day-long Standard execution.
 */
const MS_BUCKETS: readonly number[] = [
  5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000,
  86_400_000,
];

/**
 * A histogram kept as plain numbers: observing is a loop and three additions. prom-client's own
 * metrics hash their labels on every call, too slow for the hot paths (an execution's tasks, every
 * HTTP request, every store call); these are read into the scrape instead (see `exposed`).
 */
export class LocalHistogram {
  /** Upper bounds (`le`), in the unit observed: AWS's milliseconds unless given. */
  readonly buckets: readonly number[];
  /** Counts per bucket (not cumulative); the last one is +Inf. */
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(buckets: readonly number[] = MS_BUCKETS) {
    this.buckets = buckets;
    this.counts = new Array<number>(buckets.length + 1).fill(0);
  }

  observe(value: number): void {
    const i = this.#bucketOf(value);
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.sum += value;
    this.count++;
  }

  /** This with `other`'s observations too (a new histogram, for a scrape). */
  with(other: LocalHistogram): LocalHistogram {
    const both = new LocalHistogram(this.buckets);
    for (let i = 0; i < both.counts.length; i++)
      both.counts[i] = (this.counts[i] ?? 0) + (other.counts[i] ?? 0);
    both.sum = this.sum + other.sum;
    both.count = this.count + other.count;
    return both;
  }

  /** This with `zeros` observations of 0 too (a new histogram, for a scrape). */
  withZeros(zeros: number): LocalHistogram {
    const both = this.with(EMPTY);
    const i = this.#bucketOf(0);
    both.counts[i] = (both.counts[i] ?? 0) + zeros;
    both.count += zeros;
    return both;
  }

  /** The first bucket whose bound is at least `value` (the last: +Inf). */
  #bucketOf(value: number): number {
    const buckets = this.buckets;
    let i = 0;
    while (i < buckets.length && value > (buckets[i] ?? 0)) i++;
    return i;
  }
}

const EMPTY = new LocalHistogram();

type Labels = Readonly<Record<string, string>>;

/** One sample of the exposition: prom-client's shape of a metric's values. */
interface Sample {
  readonly metricName?: string;
  readonly labels: Labels;
  readonly value: number;
}

/** Where each labelled series of a metric is read from at scrape time. */
type Series<T> = () => Iterable<readonly [Labels, T]>;

/**
 * Registers a counter, gauge or histogram whose values are read from plain numbers at scrape time, in
 * the shape prom-client's registry renders (it calls `get()`).
 */
export function exposed(
  registry: Registry,
  name: string,
  help: string,
  series: Series<number> | Series<LocalHistogram>,
  type: 'counter' | 'gauge' | 'histogram',
): void {
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum',
    get: () => ({ name, help, type, aggregator: 'sum', values: samples(name, series, type) }),
  };
  registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
}

function samples(
  name: string,
  series: Series<number> | Series<LocalHistogram>,
  type: 'counter' | 'gauge' | 'histogram',
): Sample[] {
  const out: Sample[] = [];
  for (const [labels, value] of series()) {
    if (typeof value === 'number') {
      if (type !== 'histogram') out.push({ labels, value });
      continue;
    }
    const buckets = value.buckets;
    let cumulative = 0;
    for (let i = 0; i <= buckets.length; i++) {
      cumulative += value.counts[i] ?? 0;
      const le = i < buckets.length ? String(buckets[i]) : '+Inf';
      out.push({ metricName: `${name}_bucket`, labels: { le, ...labels }, value: cumulative });
    }
    out.push({ metricName: `${name}_sum`, labels, value: value.sum });
    out.push({ metricName: `${name}_count`, labels, value: value.count });
  }
  return out;
}
