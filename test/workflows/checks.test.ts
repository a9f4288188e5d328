/** Each workflow check catches what it is for: bad snippets fail, their fixed versions pass. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionlint, isNewerSyntaxFinding } from './checks/actionlint.js';
import { checkActionMetadata } from './checks/action-schema.js';
import { checkConcurrency } from './checks/concurrency.js';
import { checkCredentials } from './checks/credentials.js';
import { checkInterpolation } from './checks/interpolation.js';
import { parseWorkflow, type WorkflowFile } from './checks/model.js';
import { checkPermissions } from './checks/permissions.js';
import { checkPinning } from './checks/pinning.js';
import { checkOutputReferences, checkReferences } from './checks/references.js';
import { requireShellcheck, runScripts, shellcheck, SHELLCHECK_INSTALL } from './checks/shellcheck.js';

const CREDENTIALS = 'aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c';
const CHECKOUT = 'actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd';

/** A workflow with one job made of `steps` (YAML lines indented for a step list) and extra job keys. */
function workflow(options: { steps: string; job?: string; top?: string }): string {
  return `name: t
on:
  workflow_call:
    inputs:
      environment:
        type: string
        required: true
      services:
        type: string
        default: ''
${options.top ?? 'permissions:\n  contents: read\n'}jobs:
  deploy:
    runs-on: ubuntu-latest
${options.job ?? ''}    steps:
${options.steps}`;
}
const parsed = (text: string): WorkflowFile => parseWorkflow(text, 't.yml');
const messages = (findings: { message: string }[]) => findings.map((finding) => finding.message);

describe('actionlint', () => {
  test('reports real problems', async () => {
    const findings = await actionlint(workflow({ steps: '      - uses: actions/checkout\n' }), 't.yml');
    expect(messages(findings).join('\n')).toMatch(/ref is missing/);
  });

  test('reports YAML syntax errors with a position instead of crashing, and keeps working after', async () => {
    const findings = await actionlint('jobs: [a\n  b: {', 'broken.yml');
    expect(findings[0]).toMatchObject({
      path: 'broken.yml',
      where: expect.stringMatching(/^line \d+, column \d+$/),
    });
    expect(findings[0].message).toMatch(/^yaml syntax error: /);
    expect(await actionlint(workflow({ steps: '      - run: echo ok\n' }), 't.yml')).toEqual([]);
  });

  test('accepts exactly the self-repository syntax and concurrency.queue', async () => {
    const ok = workflow({
      job: '    concurrency:\n      group: g\n      queue: max\n',
      steps: '      - uses: $/actions/ecs-deploy\n',
    });
    expect(await actionlint(ok, 't.yml')).toEqual([]);
    // A queue value GitHub does not accept is still reported.
    const bad = workflow({
      job: '    concurrency:\n      group: g\n      queue: sometimes\n',
      steps: '      - run: "true"\n',
    });
    expect(messages(await actionlint(bad, 't.yml'))).toEqual([
      expect.stringMatching(/unexpected key "queue"/),
    ]);
  });

  test('accepts the attestations permission scope, and still reports an unknown one', async () => {
    const ok = workflow({
      job: '    permissions:\n      attestations: write\n',
      steps: '      - run: "true"\n',
    });
    expect(await actionlint(ok, 't.yml')).toEqual([]);
    const bad = workflow({
      job: '    permissions:\n      attestation: write\n',
      steps: '      - run: "true"\n',
    });
    expect(messages(await actionlint(bad, 't.yml'))).toEqual([
      expect.stringMatching(/unknown permission scope "attestation"/),
    ]);
  });

  test('drops a $/ finding only when its line holds that reference', () => {
    const result = {
      file: 't.yml',
      line: 2,
      column: 15,
      kind: 'action',
      message:
        'specifying action "$/actions/x" in invalid format because ref is missing. available formats are ...',
    };
    expect(isNewerSyntaxFinding(result, ['steps:', '  - uses: $/actions/x'])).toBe(true);
    expect(isNewerSyntaxFinding(result, ['steps:', '  - uses: $/actions/y'])).toBe(false);
    expect(isNewerSyntaxFinding({ ...result, kind: 'expression' }, ['steps:', '  - uses: $/actions/x'])).toBe(
      false,
    );
  });

  test('still reports untrusted input in scripts', async () => {
    const findings = await actionlint(
      workflow({ steps: '      - run: echo "${{ github.event.head_commit.message }}"\n' }),
      't.yml',
    );
    expect(messages(findings).join('\n')).toMatch(/potentially untrusted/);
  });
});

describe('shellcheck', () => {
  beforeAll(() => requireShellcheck());

  test('finds problems in run scripts, with expressions masked', () => {
    const file = parsed(
      workflow({
        steps: '      - run: |\n          cd ${{ github.workspace }}/x\n          rm -rf $DIR/*\n',
      }),
    );
    const found = messages(runScripts(file).flatMap((script) => shellcheck(script, 't.yml')));
    expect(found.join('\n')).toMatch(/SC2115|SC2086/);
    const fixed = parsed(
      workflow({
        steps:
          '      - run: |\n          cd "${{ github.workspace }}/x" || exit 1\n          rm -rf "${DIR:?}"/*\n',
      }),
    );
    expect(runScripts(fixed).flatMap((script) => shellcheck(script, 't.yml'))).toEqual([]);
  });

  test('names the install command', () => {
    expect(SHELLCHECK_INSTALL).toBe('apt-get update && apt-get install -y shellcheck');
    expect(() => requireShellcheck({ PATH: '/nonexistent' })).toThrow(
      `shellcheck is not installed; install it with: ${SHELLCHECK_INSTALL}`,
    );
  });
});

describe('interpolation', () => {
  test.each([
    '${{ github.event.pull_request.title }}',
    '${{ inputs.environment }}',
    "${{ format('{0}', inputs.services) }}",
    '${{ github.head_ref }}',
  ])('%s in a run script is a finding', (expression) => {
    const file = parsed(workflow({ steps: `      - run: echo "${expression}"\n` }));
    expect(messages(checkInterpolation(file))).toEqual([
      `${expression} is expanded into the script; pass it through env: instead`,
    ]);
  });

  test('through env: it passes', () => {
    const file = parsed(
      workflow({
        steps:
          '      - run: echo "$ENVIRONMENT"\n        env:\n          ENVIRONMENT: ${{ inputs.environment }}\n',
      }),
    );
    expect(checkInterpolation(file)).toEqual([]);
  });
});

describe('pinning', () => {
  test.each([
    ['actions/checkout@v6', 'not pinned to a full 40-character commit SHA'],
    ['actions/checkout@de0fac2', 'not pinned to a full 40-character commit SHA'],
    ['acme/tools/.github/workflows/x.yml@main', 'not pinned to a full 40-character commit SHA'],
    ['docker://alpine:3.20', 'not pinned to an image digest'],
    ['<owner>/ecs-kit/.github/workflows/deploy.yml@v1', 'not pinned to a full 40-character commit SHA'],
    ['<owner>/ecs-kit/.github/workflows/deploy.yml@v1.2.3', 'not pinned to a full 40-character commit SHA'],
    ['$/actions/ecs-deploy@v1', 'a self-repository reference takes no @ref'],
  ])('%s is a finding', (uses, problem) => {
    expect(messages(checkPinning(parsed(workflow({ steps: `      - uses: ${uses}\n` }))))[0]).toContain(
      problem,
    );
  });

  test.each([
    CHECKOUT,
    './actions/x',
    '$/actions/ecs-deploy',
    '<owner>/ecs-kit/.github/workflows/deploy.yml@0000000000000000000000000000000000000000',
  ])('%s passes', (uses) => {
    expect(checkPinning(parsed(workflow({ steps: `      - uses: ${uses}\n` })))).toEqual([]);
  });
});

describe('permissions', () => {
  const noResolve = () => undefined;
  const oidcSteps = `      - uses: ${CREDENTIALS}\n        with:\n          role-to-assume: arn:aws:iam::1:role/r\n          aws-region: eu-west-1\n`;

  test('a workflow without permissions is a finding', () => {
    expect(
      messages(checkPermissions(parsed(workflow({ top: '', steps: '      - run: "true"\n' })), noResolve)),
    ).toEqual(['no top-level permissions: declare the least the workflow needs']);
  });

  test('write-all is a finding', () => {
    const file = parsed(workflow({ top: 'permissions: write-all\n', steps: '      - run: "true"\n' }));
    expect(messages(checkPermissions(file, noResolve))).toContain(
      'permissions: write-all is not least privilege; list the scopes',
    );
  });

  test('id-token: write without OIDC is a finding; with configure-aws-credentials it passes', () => {
    const top = 'permissions:\n  contents: read\n  id-token: write\n';
    expect(
      messages(checkPermissions(parsed(workflow({ top, steps: '      - run: "true"\n' })), noResolve)),
    ).toEqual(['id-token: write but the job does not use OIDC']);
    expect(checkPermissions(parsed(workflow({ top, steps: oidcSteps })), noResolve)).toEqual([]);
  });

  test('a caller may grant id-token: write only to a call of a workflow that uses OIDC', () => {
    const caller = (uses: string) =>
      parsed(
        `on: push\npermissions:\n  contents: read\njobs:\n  call:\n    uses: ${uses}\n    permissions:\n      id-token: write\n`,
      );
    const oidc = parsed(workflow({ steps: oidcSteps }));
    const plain = parsed(workflow({ steps: '      - run: "true"\n' }));
    const resolve = (uses: string) =>
      uses.endsWith('oidc.yml') ? oidc : uses.endsWith('plain.yml') ? plain : undefined;
    expect(checkPermissions(caller('./.github/workflows/oidc.yml'), resolve)).toEqual([]);
    expect(messages(checkPermissions(caller('./.github/workflows/plain.yml'), resolve))).toEqual([
      'id-token: write but the job does not use OIDC',
    ]);
  });

  test('attestations: write (and its id-token: write) only where the job attests build provenance', () => {
    const job = '    permissions:\n      id-token: write\n      attestations: write\n';
    expect(
      messages(checkPermissions(parsed(workflow({ job, steps: '      - run: "true"\n' })), noResolve)),
    ).toEqual([
      'id-token: write but the job does not use OIDC',
      'attestations: write which the job does not need',
    ]);
    const attest = `      - uses: actions/attest-build-provenance@${'a'.repeat(40)}\n        with:\n          subject-path: x\n`;
    expect(checkPermissions(parsed(workflow({ job, steps: attest })), noResolve)).toEqual([]);
  });

  test('contents: write only where a script pushes to git; other write scopes are findings', () => {
    const job = '    permissions:\n      contents: write\n      packages: write\n';
    expect(
      messages(checkPermissions(parsed(workflow({ job, steps: '      - run: "true"\n' })), noResolve)),
    ).toEqual([
      'contents: write but the job pushes nothing to git',
      'packages: write which the job does not need',
    ]);
    const pushing = parsed(
      workflow({
        job: '    permissions:\n      contents: write\n',
        steps: '      - run: git push origin v1\n',
      }),
    );
    expect(checkPermissions(pushing, noResolve)).toEqual([]);
  });
});

describe('credentials', () => {
  test('access keys are findings wherever they appear', () => {
    const file = parsed(
      workflow({
        top: 'permissions:\n  contents: read\nenv:\n  AWS_ACCESS_KEY_ID: x\n',
        steps: `      - uses: ${CREDENTIALS}\n        with:\n          aws-access-key-id: \${{ secrets.KEY }}\n          aws-secret-access-key: \${{ secrets.SECRET }}\n          aws-region: eu-west-1\n`,
      }),
    );
    expect(messages(checkCredentials(file))).toEqual([
      'AWS_ACCESS_KEY_ID: use OIDC (role-to-assume), not access keys',
      'aws-access-key-id: use OIDC (role-to-assume), not access keys',
      'aws-secret-access-key: use OIDC (role-to-assume), not access keys',
      'configure-aws-credentials without role-to-assume',
    ]);
  });
});

describe('concurrency', () => {
  const deploySteps = `      - uses: ${CREDENTIALS}\n        with:\n          role-to-assume: r\n          aws-region: eu-west-1\n      - uses: $/actions/ecs-deploy\n`;

  test('a deploying job without a concurrency group is a finding', () => {
    expect(messages(checkConcurrency(parsed(workflow({ steps: deploySteps }))))).toEqual([
      'a deploying job needs a concurrency group per environment and service',
    ]);
  });

  test('a group without the service, cancelling, or without queue: max are findings', () => {
    const job =
      '    concurrency:\n      group: deploy-${{ inputs.environment }}\n      cancel-in-progress: true\n';
    expect(messages(checkConcurrency(parsed(workflow({ job, steps: deploySteps }))))).toEqual([
      "group 'deploy-${{ inputs.environment }}' must name both the environment and the service",
      'cancel-in-progress must be false: never cancel a deployment in progress',
      'queue: max is needed, or a newer run cancels an older pending deployment',
    ]);
  });

  test('a queueing group per environment and service passes', () => {
    const job =
      '    concurrency:\n      group: deploy-${{ inputs.environment }}-${{ inputs.services }}\n      cancel-in-progress: false\n      queue: max\n';
    expect(checkConcurrency(parsed(workflow({ job, steps: deploySteps })))).toEqual([]);
  });
});

describe('references', () => {
  const root = mkdtempSync(join(tmpdir(), 'ecs-kit-refs-'));
  mkdirSync(join(root, 'actions', 'ecs-deploy'), { recursive: true });
  writeFileSync(
    join(root, 'actions', 'ecs-deploy', 'action.yml'),
    'name: x\ninputs:\n  cluster:\n    description: c\n',
  );
  mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
  writeFileSync(
    join(root, '.github', 'workflows', 'deploy.yml'),
    'on:\n  workflow_call:\n    inputs:\n      environment:\n        type: string\n        required: true\n',
  );

  test('unknown actions, undeclared inputs and missing required inputs are findings', () => {
    const file = parsed(
      workflow({
        steps:
          '      - uses: $/actions/ecs-deploy\n        with:\n          clusterr: x\n      - uses: $/actions/nope\n',
      }),
    );
    expect(messages(checkReferences(file, root))).toEqual([
      "$/actions/ecs-deploy: input 'clusterr' is not declared (declared: cluster)",
      '$/actions/nope: no such action or workflow in the kit',
    ]);
    const call = parsed(
      'on: push\njobs:\n  d:\n    uses: <owner>/ecs-kit/.github/workflows/deploy.yml@0000000000000000000000000000000000000000\n    with:\n      env: x\n',
    );
    expect(messages(checkReferences(call, root))).toEqual([
      "<owner>/ecs-kit/.github/workflows/deploy.yml@0000000000000000000000000000000000000000: input 'env' is not declared (declared: environment)",
      "<owner>/ecs-kit/.github/workflows/deploy.yml@0000000000000000000000000000000000000000: required input 'environment' is missing",
    ]);
  });
});

describe('output references', () => {
  const root = mkdtempSync(join(tmpdir(), 'ecs-kit-outputs-'));
  mkdirSync(join(root, 'actions', 'ecs-deploy'), { recursive: true });
  writeFileSync(
    join(root, 'actions', 'ecs-deploy', 'action.yml'),
    'name: x\noutputs:\n  outcome:\n    description: o\n',
  );
  mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
  writeFileSync(
    join(root, '.github', 'workflows', 'build.yml'),
    'on:\n  workflow_call:\n    outputs:\n      image:\n        value: x\n',
  );

  test('a misspelt step or job output is a finding; declared ones pass', () => {
    const file = parsed(
      `on: push\npermissions: {}\njobs:\n  build:\n    uses: $/.github/workflows/build.yml\n  deploy:\n    needs: build\n    runs-on: x\n    steps:\n      - id: d\n        uses: $/actions/ecs-deploy\n        with:\n          image: \${{ needs.build.outputs.imag }}\n      - run: echo "$A $B"\n        env:\n          A: \${{ steps.d.outputs.outcome }}\n          B: \${{ steps.d.outputs.result }}\n`,
    );
    expect(messages(checkOutputReferences(file, root))).toEqual([
      "$/.github/workflows/build.yml has no output 'imag'",
      "$/actions/ecs-deploy has no output 'result'",
    ]);
  });
});

describe('action metadata schema', () => {
  const action = (using: string) =>
    `name: x\ndescription: does x\ninputs:\n  a:\n    description: an input\nruns:\n  using: ${using}\n  main: index.js\n`;

  test('accepts node24', () => {
    expect(checkActionMetadata(action('node24'), 'action.yml')).toEqual([]);
  });

  test('rejects unknown runtimes, undescribed inputs and unknown keys', () => {
    expect(checkActionMetadata(action('node12'), 'action.yml').length).toBeGreaterThan(0);
    const undescribed =
      'name: x\ndescription: d\ninputs:\n  a:\n    required: true\nruns:\n  using: node24\n  main: i.js\n';
    expect(messages(checkActionMetadata(undescribed, 'action.yml'))).toContain(
      "must have required property 'description'",
    );
    expect(checkActionMetadata(`${action('node24')}colour: red\n`, 'action.yml').length).toBeGreaterThan(0);
  });
});
