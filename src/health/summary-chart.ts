/**
 * The charts of wait-healthy's summary. Samples arrive at uneven times (the poll backs off), and
 * mermaid's xychart spreads points evenly along its axis, so the samples are first resampled on an even
 * grid of elapsed seconds: the axis is then proportional to time. Counts stay whole, colours are distinct,
 * and a chart with nothing to show (a count or weight that never changed) is left out.
 */
import { mermaid } from '../github/markdown.js';
import type { HealthSample } from './types.js';

// Enough bars to see the shape, few enough for their labels to stay apart in GitHub's column.
const MAX_POINTS = 30;
const STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

// GitHub's green and blue: readable on white, unlike mermaid's default near-white first colour.
const HEALTHY = '#1f883d';
const DESIRED = '#0969da';
const TRAFFIC = '#8250df';

/** One point of the even grid: the state at `seconds` after the start (the last sample at or before it). */
export interface GridPoint {
  seconds: number;
  sample: HealthSample;
}

/** Resamples `samples` on an even grid of at most `max` points from 0 to the last sample, in whole seconds. */
export function evenGrid(samples: readonly HealthSample[], max = MAX_POINTS): GridPoint[] {
  if (samples.length === 0) return [];
  const sorted = [...samples].sort((a, b) => a.elapsedMs - b.elapsedMs);
  const totalS = Math.ceil(sorted[sorted.length - 1].elapsedMs / 1000);
  const step = STEPS_S.find((candidate) => totalS / candidate <= max - 1) ?? Math.ceil(totalS / (max - 1));
  const points: GridPoint[] = [];
  let next = 0;
  for (let seconds = 0; ; seconds += step) {
    while (next + 1 < sorted.length && sorted[next + 1].elapsedMs <= seconds * 1000) next++;
    points.push({ seconds, sample: sorted[next] });
    if (seconds >= totalS) break;
  }
  return points;
}

// Mermaid's default 700 × 500 chart is scaled up to the column's width: 850 px tall. A time series
// reads as well at a third of the height.
/** Flat lines say nothing a sentence does not: all zero on a failure, all healthy when already healthy. */
function unchanging(values: readonly number[]): boolean {
  return values.every((value) => value === values[0]);
}

function init(palette: string[], yLabels: boolean): string {
  const config = {
    themeVariables: { xyChart: { plotColorPalette: palette.join(', ') } },
    xyChart: { width: 900, height: 300, ...(yLabels ? {} : { yAxis: { showLabel: false } }) },
  };
  return `%%{init: ${JSON.stringify(config)}}%%`;
}

function xAxis(points: readonly GridPoint[]): string {
  return `  x-axis "seconds since the wait started" 0 --> ${points[points.length - 1].seconds}`;
}

/**
 * Healthy new targets (bars) against the desired count (line); undefined when the count never changed.
 * Mermaid ticks a small range in fractions (0.2 targets), so below 8 targets the ticks are hidden and the
 * axis title gives the whole range instead.
 */
export function healthyTargetsChart(samples: readonly HealthSample[]): string | undefined {
  const points = evenGrid(samples);
  const healthy = points.map((point) => Math.round(point.sample.healthyTargets));
  if (points.length < 2 || unchanging(healthy)) return undefined;
  const desired = points.map((point) => Math.round(point.sample.desiredCount));
  const most = Math.max(1, ...healthy, ...desired);
  return mermaid(
    [
      init([HEALTHY, DESIRED], most >= 8),
      'xychart-beta',
      `  title "Healthy new targets (bars) of ${Math.max(...desired)} desired (line)"`,
      xAxis(points),
      `  y-axis "${most >= 8 ? 'targets' : `targets (0 to ${most})`}" 0 --> ${most}`,
      `  bar [${healthy.join(', ')}]`,
      `  line [${desired.join(', ')}]`,
    ].join('\n'),
  );
}

/** The new revision's share of traffic (%); undefined when it never changed. */
export function trafficChart(samples: readonly HealthSample[]): string | undefined {
  const points = evenGrid(samples);
  const weights = points.map((point) => Math.round(point.sample.newWeight ?? 0));
  if (points.length < 2 || unchanging(weights)) return undefined;
  return mermaid(
    [
      init([TRAFFIC], true),
      'xychart-beta',
      '  title "Traffic on the new revision (%)"',
      xAxis(points),
      '  y-axis "percent" 0 --> 100',
      `  line [${weights.join(', ')}]`,
    ].join('\n'),
  );
}
