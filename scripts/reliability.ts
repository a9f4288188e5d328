/**
 * `npm run reliability`: the full reliability report. Runs every fuzzed input variant, the fault matrix
 * (4 scenarios × 5 faults × 6 behaviours × seeds), SIGTERM at seeded moments and the concurrent-deploy
 * check; prints runs and violations per part and exits 1 when any invariant was violated.
 *
 *   npm run reliability                      # 20 seeds
 *   npm run reliability -- --seeds 2         # smaller matrix and cancellation sets
 *   npm run reliability -- --only matrix     # fuzz | matrix | cancel | concurrent
 *   npm run reliability -- --only matrix --fault stale-reads-10s --behaviour healthy   # one fault / behaviour
 *   npm run reliability -- --concurrency 4   # matrix runs in flight (default 3)
 */
import { runCancel, type CancelTarget } from '../test/reliability/cancel.js';
import { runConcurrentDeploys } from '../test/reliability/concurrent.js';
import { runVariants } from '../test/reliability/fuzz-run.js';
import { allVariants } from '../test/reliability/fuzz-variants.js';
import { matrixCases, runMatrix } from '../test/reliability/matrix.js';

interface PartReport {
  part: string;
  runs: number;
  violations: string[];
  seconds: number;
  notes?: string;
}

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const seeds = Number(option('seeds', '20'));
const concurrency = Number(option('concurrency', '3'));
const only = option('only', '');
const faultFilter = option('fault', '');
const behaviourFilter = option('behaviour', '');

async function timed(
  part: string,
  body: () => Promise<Omit<PartReport, 'part' | 'seconds'>>,
): Promise<PartReport> {
  const started = Date.now();
  const report = await body();
  return { part, ...report, seconds: Math.round((Date.now() - started) / 1000) };
}

async function fuzz(): Promise<PartReport> {
  return timed('bad-input fuzzing', async () => {
    const outcomes = await runVariants(allVariants());
    const count = (status: string) => outcomes.filter((outcome) => outcome.status === status).length;
    const rejected = count('rejected');
    return {
      runs: outcomes.length,
      violations: outcomes
        .filter((outcome) => outcome.violations.length > 0)
        .map(
          (o) => `${o.variant.action} ${o.variant.input} (${o.variant.label}): ${o.violations.join('; ')}`,
        ),
      notes: `${rejected} rejected before any mutating call, ${count('accepted')} accepted (free text), ${count('ignored')} ignored (input unused in the base mode)`,
    };
  });
}

async function matrix(): Promise<PartReport> {
  return timed('fault matrix', async () => {
    const cases = matrixCases(seeds).filter(
      (c) =>
        (!faultFilter || c.fault.name === faultFilter) &&
        (!behaviourFilter || c.behaviour.name === behaviourFilter),
    );
    let done = 0;
    const outcomes = await runMatrix(cases, concurrency, (outcome) => {
      done++;
      if (outcome.violations.length > 0 || done % 20 === 0)
        console.error(`  matrix ${done}/${cases.length} ${outcome.cell} ${outcome.violations.join('; ')}`);
    });
    const calls = outcomes.reduce((sum, outcome) => sum + outcome.calls, 0);
    const faults = outcomes.reduce((sum, outcome) => sum + outcome.faults, 0);
    return {
      runs: outcomes.length,
      violations: outcomes.flatMap((outcome) => outcome.violations.map((v) => `${outcome.cell}: ${v}`)),
      notes: `${calls} API calls, ${faults} injected faults (throttle, 5xx, reset, stale read)`,
    };
  });
}

async function cancel(): Promise<PartReport> {
  return timed('cancellation (SIGTERM)', async () => {
    const targets: CancelTarget[] = ['ecs-deploy', 'wait-healthy-blue-green'];
    const outcomes = [];
    for (let seed = 1; seed <= seeds; seed++)
      for (const target of targets) outcomes.push(await runCancel(target, seed));
    const cancelled = outcomes.filter((outcome) => outcome.code !== 0).length;
    return {
      runs: outcomes.length,
      violations: outcomes.flatMap((outcome) => outcome.violations.map((v) => `${outcome.cell}: ${v}`)),
      notes: `${cancelled} cancelled mid-run, ${outcomes.length - cancelled} had finished before the signal`,
    };
  });
}

async function concurrent(): Promise<PartReport> {
  return timed('concurrent deploys', async () => {
    const outcomes = [];
    for (const stagger of [50, 150, 400, 1500]) outcomes.push(await runConcurrentDeploys(stagger));
    return {
      runs: outcomes.length,
      violations: outcomes.flatMap((outcome) =>
        outcome.violations.map((v) => `${v} [UpdateService ${outcome.updates.join(' → ')}]`),
      ),
    };
  });
}

const parts: Record<string, () => Promise<PartReport>> = { fuzz, matrix, cancel, concurrent };
const reports: PartReport[] = [];
for (const [name, part] of Object.entries(parts)) {
  if (only && only !== name) continue;
  console.error(`running ${name}...`);
  reports.push(await part());
}

console.log(`\nreliability report (seeds: ${seeds})\n`);
console.log('| part | runs | violations | time | notes |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const report of reports)
  console.log(
    `| ${report.part} | ${report.runs} | ${report.violations.length} | ${report.seconds} s | ${report.notes ?? ''} |`,
  );
for (const report of reports.filter((candidate) => candidate.violations.length > 0)) {
  console.log(`\n${report.part}: violations`);
  for (const violation of report.violations) console.log(`- ${violation}`);
}
process.exitCode = reports.some((report) => report.violations.length > 0) ? 1 : 0;
