/**
 * The committed IAM policies (docs/iam/<action>.json) against what each action was seen calling in the
 * integration suites (docs/iam/observed.json) and what its bundled sources can call (a static scan).
 * Regenerate with `node --import tsx scripts/iam-policies.ts --record`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPolicy, permittedByCode } from '../../scripts/iam/compare.js';
import { IAM_DIR, ROOT, kitActions, readObserved, readPolicy } from '../../scripts/iam/files.js';
import { summarise, type ObservedAction } from '../../scripts/iam/observed.js';
import { actionPermissions, policyPermissions } from '../../scripts/iam/permissions.js';
import { UNOBSERVED } from '../../scripts/iam/unobserved.js';
import { buildPolicy, type PolicyDocument } from '../../scripts/iam/policy.js';
import { reachableSources, scanAction, scanCommands } from '../../scripts/iam/scan.js';

const observed = readObserved();

describe.each(kitActions())('%s', (action) => {
  test('its policy allows every call its code can make and nothing that was never observed', () => {
    const policy = readPolicy(action);
    if (!policy) throw new Error(`docs/iam/${action}.json is missing: run scripts/iam-policies.ts --record`);
    const scanned = [...scanAction(ROOT, action).keys()];
    const unobserved = (UNOBSERVED[action] ?? []).map((call) => call.action);
    expect(checkPolicy({ action, policy, observed: observed[action], scanned, unobserved })).toEqual([]);
  });

  test('its committed policy is what the generator derives from observed.json', () => {
    const calls = observed[action];
    if (!calls) throw new Error(`docs/iam/observed.json has no calls of ${action}`);
    expect(readPolicy(action)).toEqual(buildPolicy(policyPermissions(action, calls)));
  });

  test('docs/iam/README.md has its table', () => {
    expect(readFileSync(join(IAM_DIR, 'README.md'), 'utf8')).toContain(`### ${action}\n`);
  });
});

describe('the comparison', () => {
  const deploy: ObservedAction = summarise([
    { action: 'x', mode: 'deploy', service: 'ecs', operation: 'DescribeServices', params: {} },
    { action: 'x', mode: 'deploy', service: 'ecs', operation: 'UpdateService', params: {} },
    {
      action: 'x',
      mode: 'deploy',
      service: 'ecs',
      operation: 'RegisterTaskDefinition',
      params: { tags: [{}] },
    },
  ]).x;
  const scanned = ['ecs:DescribeServices', 'ecs:RegisterTaskDefinition', 'ecs:UpdateService'];
  const right = buildPolicy(actionPermissions(deploy));
  const without = (policy: PolicyDocument, action: string): PolicyDocument => ({
    ...policy,
    Statement: policy.Statement.map((s) => ({ ...s, Action: s.Action.filter((a) => a !== action) })),
  });

  test('passes the derived policy, which holds the implied PassRole and tag-on-create permissions', () => {
    expect(checkPolicy({ action: 'x', policy: right, observed: deploy, scanned })).toEqual([]);
    expect(right.Statement.flatMap((s) => s.Action)).toEqual(
      expect.arrayContaining(['iam:PassRole', 'ecs:TagResource']),
    );
  });

  test('fails a policy that lacks a call the code makes', () => {
    expect(
      checkPolicy({ action: 'x', policy: without(right, 'ecs:UpdateService'), observed: deploy, scanned }),
    ).toEqual([
      'x: the code can call ecs:UpdateService, which the policy does not allow',
      'x: was seen needing ecs:UpdateService, which the policy does not allow',
    ]);
  });

  test('fails a policy that allows an action never observed nor called', () => {
    const wrong: PolicyDocument = {
      ...right,
      Statement: [
        ...right.Statement,
        { Sid: 'Extra', Effect: 'Allow', Action: ['ecs:DeleteService'], Resource: '*' },
      ],
    };
    expect(checkPolicy({ action: 'x', policy: wrong, observed: deploy, scanned })).toEqual([
      'x: the policy allows ecs:DeleteService, which was never observed',
      'x: the policy allows ecs:DeleteService, which the code never calls',
    ]);
  });

  test('fails when the code can make a call no integration test exercised', () => {
    const more = [...scanned, 'ecs:StopServiceDeployment'];
    expect(checkPolicy({ action: 'x', policy: right, observed: deploy, scanned: more })).toEqual([
      'x: the code can call ecs:StopServiceDeployment, which the policy does not allow',
      'x: the code can call ecs:StopServiceDeployment, but no integration test was seen calling it',
    ]);
  });

  test('fails when a call listed as unobservable was observed after all', () => {
    expect(
      checkPolicy({
        action: 'x',
        policy: right,
        observed: deploy,
        scanned,
        unobserved: ['ecs:UpdateService'],
      }),
    ).toEqual([
      'x: ecs:UpdateService is listed as unobservable but was observed: remove it from scripts/iam/unobserved.ts',
    ]);
  });

  test('fails when an observed call is gone from the code', () => {
    const fewer = scanned.filter((action) => action !== 'ecs:DescribeServices');
    expect(checkPolicy({ action: 'x', policy: right, observed: deploy, scanned: fewer })).toEqual([
      'x: the policy allows ecs:DescribeServices, which the code never calls',
    ]);
  });

  test('code that registers task definitions or logs in to ECR may need what AWS checks alongside', () => {
    const permitted = permittedByCode(['ecs:RegisterTaskDefinition', 'ecr:GetAuthorizationToken']);
    expect([...permitted]).toEqual(
      expect.arrayContaining(['iam:PassRole', 'ecs:TagResource', 'ecr:PutImage', 'ecr:UploadLayerPart']),
    );
  });
});

describe('the static scan', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iam-scan-'));
    mkdirSync(join(dir, 'lib'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('follows static and dynamic imports and maps commands by their SDK package', () => {
    writeFileSync(join(dir, 'main.ts'), "import { a } from './lib/a.js';\nawait import('./lib/b.js');\n");
    writeFileSync(
      join(dir, 'lib', 'a.ts'),
      "import { UpdateServiceCommand as Update } from '@aws-sdk/client-ecs';\nnew Update({});\n",
    );
    writeFileSync(
      join(dir, 'lib', 'b.ts'),
      "import {\n  ModifyRuleCommand,\n} from '@aws-sdk/client-elastic-load-balancing-v2';\nnew ModifyRuleCommand({});\n",
    );
    writeFileSync(
      join(dir, 'lib', 'unused.ts'),
      "import { PutImageCommand } from '@aws-sdk/client-ecr';\nnew PutImageCommand({});\n",
    );
    const files = reachableSources(join(dir, 'main.ts'));
    expect(files.map((file) => file.slice(dir.length + 1))).toEqual(['lib/a.ts', 'lib/b.ts', 'main.ts']);
    expect(scanCommands(files, dir)).toEqual([
      { action: 'ecs:UpdateService', file: 'lib/a.ts' },
      { action: 'elasticloadbalancing:ModifyRule', file: 'lib/b.ts' },
    ]);
  });

  test('refuses a command it cannot attribute to an AWS service', () => {
    writeFileSync(join(dir, 'main.ts'), "import { FooCommand } from './foo.js';\nnew FooCommand();\n");
    expect(() => scanCommands([join(dir, 'main.ts')], dir)).toThrow(
      /FooCommand is not imported from a known AWS SDK/,
    );
  });
});
