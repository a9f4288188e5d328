/**
 * The metric store: every sample a metric received, by namespace, name and dimension set, in simulated
 * time order. CloudWatch matches dimensions as an exact set (order does not matter), so a query for
 * `{TargetGroup, LoadBalancer}` finds only samples published with exactly those two dimensions.
 */

/** One metric dimension, as the API names it. */
export interface Dimension {
  Name: string;
  Value: string;
}

/** What identifies one metric. */
export interface MetricId {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

/** One published value at a simulated instant (epoch ms). */
export interface Sample {
  time: number;
  value: number;
}

/** The key of a metric: its dimensions sorted by name, so that order never matters. */
export function metricKey(id: MetricId): string {
  const dimensions = [...id.dimensions]
    .sort((a, b) => a.Name.localeCompare(b.Name))
    .map((dimension) => `${dimension.Name}=${dimension.Value}`);
  return [id.namespace, id.metricName, ...dimensions].join('|');
}

/** Samples by metric. */
export class MetricStore {
  private readonly series = new Map<string, { id: MetricId; samples: Sample[] }>();

  /** Adds one sample; samples arrive in simulated time order (the clock never goes back). */
  put(id: MetricId, time: number, value: number): void {
    const key = metricKey(id);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { id, samples: [] };
      this.series.set(key, entry);
    }
    entry.samples.push({ time, value });
  }

  /** The samples of a metric with `start <= time < end`. */
  samples(id: MetricId, start: number, end: number): Sample[] {
    const samples = this.series.get(metricKey(id))?.samples ?? [];
    return samples.slice(lowerBound(samples, start), lowerBound(samples, end));
  }

  /** Every metric with its sample count, for the state snapshot. */
  summary(): { namespace: string; metricName: string; dimensions: Dimension[]; samples: number }[] {
    return [...this.series.values()].map(({ id, samples }) => ({ ...id, samples: samples.length }));
  }
}

/** The index of the first sample at or after `time`. */
function lowerBound(samples: Sample[], time: number): number {
  let low = 0;
  let high = samples.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (samples[middle].time < time) low = middle + 1;
    else high = middle;
  }
  return low;
}
