/**
 * Cold start of each bundle, side by side with bare `node -e 0` in one run: time from spawn to (a) the
 * input-validation error (required inputs missing) and (b) the first AWS request (valid inputs, the
 * endpoint a local stub that records arrival and never answers), peak memory (max RSS), and bundle sizes. Medians of ROUNDS interleaved rounds.
 *
 * Targets (issue 10): (a) ≤ +0.10 s over bare node, (b) ≤ +0.20 s, ≤ 60 MiB, ≤ 1.2 MB per bundle.
 *
 * The same run also measures a reference: bench/reference/minimal-deploy.ts, the smallest action that could
 * make ecs-deploy's first request, bundled the usual way (ncc, @actions/core and the ECS client imported at
 * the top). The machine's speed varies by tens of percent within an hour; the reference row shows what
 * the two libraries alone cost in this run.
 *
 * Run: npx tsx bench/cold-start.ts (BENCH_ROUNDS, default 7).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../test/helpers/action.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const LISTENER =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop-alb/7da2849d73eb438a/c5700893a34bd834';

/** Valid inputs that reach the first AWS request. */
const VALID: Record<string, Record<string, string>> = {
  'ecs-deploy': { cluster: 'prod', service: 'web', wait: 'none' },
  'wait-healthy': { cluster: 'prod', service: 'web' },
  'cleanup-ecr': { repositories: 'shop' },
  'build-push': { repository: 'shop', 'source-image': 'shop:v1', tags: 'x' },
  preview: {
    cluster: 'prod',
    service: 'web',
    'listener-arn': LISTENER,
    'pull-request': '5',
    image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2',
    comment: 'false',
    'github-deployment': 'false',
  },
};

interface Sample {
  ms: number;
  rssKiB: number;
  /** For (b): the process exited (or hit the cap) without sending any AWS request. */
  noRequest?: boolean;
}

const scratch = mkdtempSync(join(tmpdir(), 'cold-start-'));

function environment(inputs: Record<string, string>, endpoint: string): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: scratch,
    GITHUB_OUTPUT: join(scratch, 'output'),
    GITHUB_STEP_SUMMARY: join(scratch, 'summary'),
    GITHUB_STATE: join(scratch, 'state'),
    GITHUB_WORKSPACE: scratch,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '1',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIASIMULATOR',
    AWS_SECRET_ACCESS_KEY: 'simulator-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: endpoint,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

/** A stub endpoint: `firstRequest()` resolves at the first request's arrival; requests are never answered. */
async function stubEndpoint(): Promise<{ url: string; server: Server; next: () => Promise<number> }> {
  let waiting: ((at: number) => void) | undefined;
  const server = createServer(() => waiting?.(performance.now()));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, server, next: () => new Promise((resolve) => (waiting = resolve)) };
}

/** Writes the process's peak RSS (KiB) to RSS_FILE at exit; preloaded into every measured process. */
const PRELOAD = join(scratch, 'peak-rss.cjs');
writeFileSync(
  PRELOAD,
  "process.on('exit', () => require('fs').writeFileSync(process.env.RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
);

/** Peak RSS so far of a running process (VmHWM), KiB. */
function peakOf(pid: number | undefined): number {
  const status = pid ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** Spawns `node args`; resolves with ms to `until` (or to exit, capped at 20 s) and peak RSS. */
async function measure(
  args: string[],
  env: Record<string, string>,
  until?: Promise<number>,
): Promise<Sample> {
  const rssFile = join(scratch, 'rss');
  writeFileSync(rssFile, '');
  const started = performance.now();
  const child = spawn(process.execPath, ['--require', PRELOAD, ...args], {
    env: { ...env, RSS_FILE: rssFile },
    stdio: 'ignore',
  });
  const exited = new Promise<number>((done) => child.on('close', () => done(performance.now())));
  const cap = new Promise<number>((done) => setTimeout(() => done(Number.NaN), 20_000).unref());
  let requested = false;
  const request = until?.then((time) => ((requested = true), time));
  const at = await Promise.race(request ? [request, exited, cap] : [exited, cap]);
  let rssKiB = 0;
  if (child.exitCode === null) {
    rssKiB = peakOf(child.pid);
    child.kill('SIGKILL');
  }
  await exited;
  const rss = rssKiB || Number(readFileSync(rssFile, 'utf8')) || 0;
  return { ms: at - started, rssKiB: rss, noRequest: until !== undefined && !requested };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function bundleBytes(action: string): { main: number; total: number } {
  const dir = action === REFERENCE ? join(scratch, 'reference') : join(ROOT, 'dist', action);
  // Code only: licenses.txt and package.json are not loaded.
  const total = readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
  return { main: statSync(join(dir, 'index.js')).size, total };
}

/** Bundles the reference action with ncc (not minified, as actions usually ship) into the scratch folder. */
function buildReference(): string {
  const out = join(scratch, 'reference');
  const ncc = join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
  execFileSync(
    process.execPath,
    [
      ncc,
      'build',
      join(ROOT, 'bench', 'reference', 'minimal-deploy.ts'),
      '-o',
      out,
      '--quiet',
      '--target',
      'es2022',
    ],
    { cwd: ROOT, stdio: 'ignore' },
  );
  return join(out, 'index.js');
}

const REFERENCE = 'reference (core + client-ecs, ncc)';
const referenceBundle = buildReference();
const stub = await stubEndpoint();
const actions = Object.keys(VALID);
const bundleOf = (action: string) =>
  action === REFERENCE ? referenceBundle : join(ROOT, 'dist', action, 'index.js');
const validOf = (action: string) =>
  action === REFERENCE ? { cluster: 'prod', service: 'web' } : VALID[action];
actions.push(REFERENCE);
const bare: Sample[] = [];
const inputError: Record<string, Sample[]> = {};
const firstRequest: Record<string, Sample[]> = {};
for (let round = 0; round < ROUNDS; round++) {
  bare.push(await measure(['-e', '0'], environment({}, stub.url)));
  for (const action of actions) {
    const bundle = bundleOf(action);
    (inputError[action] ??= []).push(await measure([bundle], environment({}, stub.url)));
    (firstRequest[action] ??= []).push(
      await measure([bundle], environment(validOf(action), stub.url), stub.next()),
    );
  }
}
stub.server.close();

const bareMs = median(bare.map((sample) => sample.ms));
const mib = (kib: number) => (kib / 1024).toFixed(0);
console.log(
  `cold start, median of ${ROUNDS} interleaved rounds; bare node -e 0: ${bareMs.toFixed(0)} ms, ${mib(median(bare.map((s) => s.rssKiB)))} MiB\n`,
);
console.log(
  '| bundle | (a) input error | over bare | (b) first AWS request | over bare | peak RSS (a) / (b) | index.js | all .js |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const action of actions) {
  const a = median(inputError[action].map((sample) => sample.ms));
  const b = median(firstRequest[action].map((sample) => sample.ms));
  const bNote = firstRequest[action].some((sample) => sample.noRequest) ? ' (no request: exited)' : '';
  const size = bundleBytes(action);
  console.log(
    `| ${action} | ${a.toFixed(0)} ms | +${((a - bareMs) / 1000).toFixed(3)} s | ${b.toFixed(0)} ms${bNote} | +${((b - bareMs) / 1000).toFixed(3)} s | ${mib(median(inputError[action].map((s) => s.rssKiB)))} / ${mib(median(firstRequest[action].map((s) => s.rssKiB)))} MiB | ${(size.main / 1e6).toFixed(2)} MB | ${(size.total / 1e6).toFixed(2)} MB |`,
  );
}
