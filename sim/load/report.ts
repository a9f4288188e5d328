/** Load figures: per-phase counts and latency percentiles, and a plain-text table of them. */

/** One finished request. */
export interface LoadSample {
  phase: string;
  latencyMs: number;
  /** `ok` is a 2xx answer; `non-2xx` any other status; `connection-error` no complete answer. */
  outcome: 'ok' | 'non-2xx' | 'connection-error';
  status?: number;
  /** The task definition revision that answered (the app's `x-sim-task-definition`). */
  servedBy?: string;
}

/** The figures of one phase. */
export interface PhaseFigures {
  phase: string;
  requests: number;
  ok: number;
  non2xx: number;
  connectionErrors: number;
  /** Latency percentiles in real milliseconds (0 without requests). */
  p50Ms: number;
  p99Ms: number;
  /** Requests answered per task definition revision. */
  servedBy: Record<string, number>;
  /** Statuses of the non-2xx answers. */
  statuses: Record<string, number>;
}

/** What a load run measured. */
export interface LoadReport {
  phases: PhaseFigures[];
  total: PhaseFigures;
  /** Which bound ended the run: the request count, the time limit, or stop(). */
  stoppedBy: 'requests' | 'time' | 'stop';
  durationMs: number;
}

/** The nearest-rank percentile of ascending values (0 for none). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function figures(phase: string, samples: LoadSample[]): PhaseFigures {
  const latencies = samples.map((sample) => sample.latencyMs).sort((a, b) => a - b);
  const servedBy: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  for (const sample of samples) {
    if (sample.servedBy) servedBy[sample.servedBy] = (servedBy[sample.servedBy] ?? 0) + 1;
    if (sample.outcome === 'non-2xx')
      statuses[String(sample.status)] = (statuses[String(sample.status)] ?? 0) + 1;
  }
  return {
    phase,
    requests: samples.length,
    ok: samples.filter((sample) => sample.outcome === 'ok').length,
    non2xx: samples.filter((sample) => sample.outcome === 'non-2xx').length,
    connectionErrors: samples.filter((sample) => sample.outcome === 'connection-error').length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    servedBy,
    statuses,
  };
}

/** Groups samples by phase, in the order phases first appeared. */
export function summarise(
  samples: LoadSample[],
  run: { stoppedBy: LoadReport['stoppedBy']; durationMs: number },
): LoadReport {
  const order = [...new Set(samples.map((sample) => sample.phase))];
  return {
    phases: order.map((phase) =>
      figures(
        phase,
        samples.filter((sample) => sample.phase === phase),
      ),
    ),
    total: figures('total', samples),
    stoppedBy: run.stoppedBy,
    durationMs: run.durationMs,
  };
}

/** Failed requests: non-2xx answers plus connection errors. */
export function failures(figures: PhaseFigures): number {
  return figures.non2xx + figures.connectionErrors;
}

/** A plain-text table with a header row; columns padded to their widest cell. */
export function textTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [line(cells[0]), line(widths.map((width) => '-'.repeat(width))), ...cells.slice(1).map(line)].join(
    '\n',
  );
}
