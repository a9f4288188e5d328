/** docs/iam/README.md: how the policies are made, their placeholders, and per action where `*` remains and why. */
import type { Permission } from './permissions.js';

/** One action's row source for the README. */
export interface ActionDoc {
  action: string;
  permissions: Permission[];
}

const PLACEHOLDERS: [string, string][] = [
  ['${Region}', 'AWS region, e.g. `eu-west-1`'],
  ['${Account}', 'AWS account id'],
  ['${Cluster}', 'ECS cluster name (`*` for cleanup-ecr when it scans every cluster)'],
  ['${Family}', 'task definition family (`web`; `web-*` for several)'],
  ['${Repository}', 'ECR repository name; a pattern such as `shop/*` (or `*`) when cleanup-ecr takes globs'],
  ['${LoadBalancer}', 'the ALB name (listener and rule ARNs embed it)'],
  ['${TargetGroup}', 'target group name or prefix pattern'],
  ['${TaskRole}', "the task definition's `taskRoleArn` role name"],
  ['${ExecutionRole}', "the task definition's `executionRoleArn` role name"],
];

function resourceCell(permission: Permission): string {
  const { resources, condition } = permission.scope;
  const arns = resources.map((arn) => `\`${arn}\``).join('<br>');
  const conditions = Object.entries(condition ?? {}).flatMap(([operator, entries]) =>
    Object.entries(entries).map(([key, value]) => `${operator} \`${key}\` = \`${String(value)}\``),
  );
  return conditions.length > 0 ? `${arns}<br>if ${conditions.join('<br>')}` : arns;
}

function actionTable(doc: ActionDoc): string[] {
  const rows = [...doc.permissions].sort(
    (a, b) => a.action.localeCompare(b.action) || a.source.localeCompare(b.source),
  );
  return [
    `### ${doc.action}`,
    '',
    `Policy: [\`${doc.action}.json\`](${doc.action}.json).`,
    '',
    '| IAM action | Resource | Modes | Source | Why `*` |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (permission) =>
        `| \`${permission.action}\` | ${resourceCell(permission)} | ${permission.modes.join(', ')} | ${permission.source} | ${permission.scope.wildcardReason ?? ''} |`,
    ),
    '',
  ];
}

/** What the resource scopes in scripts/iam/scopes.ts were checked against, and what could not be checked. */
const CAVEATS = `## Caveats: how the resource scopes were checked

The scopes in \`scripts/iam/scopes.ts\` were checked against AWS documentation with a search tool that returns
only the opening part of each page. The actions tables of the Service Authorization Reference pages for ECS,
ECR and ELBv2 are too far down those pages: apart from their first rows (ECR \`BatchCheckLayerAvailability\`,
\`BatchDeleteImage\`, \`BatchGetImage\` on \`repository\`; ELBv2 \`AddTags\` on listener rules among others) the
per-action rows could **not** be read. The scopes were checked instead against:

- the resource-level permission tables of the ECS, ECR and Elastic Load Balancing guides (older editions of
  AWS's own documentation): task definition actions, \`ListClusters\`, \`GetAuthorizationToken\` and ELBv2
  \`Describe*\` have no resource; \`ListServices\` only the \`ecs:cluster\` condition; \`ListTasks\` the
  \`container-instance\` type and \`ecs:cluster\`; \`CreateRule\` the listener; \`ModifyRule\`/\`DeleteRule\` the rule;
- the ECS guide's "tag resources on creation" page (\`ecs:TagResource\` with \`ecs:CreateAction\`) and its service
  deployment permissions page (\`service\` and \`service-deployment/<cluster>/<service>/*\`).

Not verified against the current reference: whether ECS task definition actions have gained a \`task-definition\`
resource type (these policies keep \`*\`), \`ecs:StopServiceDeployment\` on \`service-deployment\`,
\`ecr:CreateRepository\` on \`repository\` (the older ECR table lists no resource for it; if AWS denies it, widen
that statement to \`*\`), and \`iam:PassedToService\` for \`RegisterTaskDefinition\` (the reference shows it for
other ECS actions that pass roles to \`ecs-tasks.amazonaws.com\`). Check these rows in the reference before
relying on them.
`;

const TRUST = `## GitHub OIDC: the role's trust policy

[\`github-oidc-trust-policy.json\`](github-oidc-trust-policy.json) lets GitHub Actions assume the role through
the account's OIDC provider for \`token.actions.githubusercontent.com\` (create it once with audience
\`sts.amazonaws.com\`). The token's \`aud\` must be \`sts.amazonaws.com\` and its \`sub\` must be
\`repo:<org>/<repo>:environment:<name>\`: only jobs that declare \`environment: <name>\` in that repository get
the role, so the environment's protection rules (required reviewers, branch rules) guard the credentials.

Use one role per environment: \`ecs-kit-staging\` trusts \`…:environment:staging\` and carries a policy whose
placeholders name the staging cluster and services; \`ecs-kit-production\` the same for production. A workflow
run for staging then cannot touch production even if its inputs are wrong. Replace \`<org>\`, \`<repo>\`,
\`<name>\` and \`\${Account}\`; give the job \`permissions: {id-token: write, contents: read}\` and pass the
role to \`aws-actions/configure-aws-credentials\` (\`role-to-assume\`).
`;

/** The whole README. */
export function renderReadme(docs: ActionDoc[], unobserved: string[]): string {
  return [
    '# Least-privilege IAM policies',
    '',
    'Generated by `node --import tsx scripts/iam-policies.ts --record` (do not edit by hand): the script runs the',
    'integration suites against the simulator with `ECS_KIT_RECORD_CALLS` set, keeps the AWS calls each action',
    'made per mode ([`observed.json`](observed.json)), and writes one policy per action. Each statement covers one',
    'resource scope; its `Sid` names the modes that need it, so a role that only runs some modes (say a dry run)',
    'can drop the others. `test/unit/iam-policies.test.ts` fails when an action can make a call its policy does',
    'not allow, or when a policy allows an action that was never observed or that the code never calls.',
    '',
    'Besides the calls themselves, the policies hold what AWS authorises alongside them: `iam:PassRole` for the',
    'task and execution roles when a task definition is registered (only to `ecs-tasks.amazonaws.com`), the',
    'tagging action when a create call carries tags (ECS checks `ecs:TagResource` with `ecs:CreateAction`), and',
    'after `docker login` the ECR actions docker and buildx use to push and pull layers, which go to the',
    'registry rather than the ECR API and so never reach the simulator.',
    '',
    'A few calls the code can make were not observed: the simulator models no EC2 container instances, and a',
    'few preview paths have no integration test yet. They are listed with their reason in',
    '`scripts/iam/unobserved.ts`, included, and marked "not observed" below; the test fails if one is observed',
    'after all or disappears from the code.',
    '',
    'Not in the policies, because no ECS, ECR or ELBv2 call asks for them: `build-push` creating a repository',
    'with `encryption-type: KMS` and a customer managed key also needs `kms:CreateGrant`, `kms:RetireGrant`',
    'and `kms:DescribeKey` on that key (ECR documents these); `preview` reports to GitHub with the job token.',
    '',
    CAVEATS,
    '## Placeholders',
    '',
    'Replace them before use (e.g. `sed` or `envsubst`-style templating in your infrastructure code).',
    '',
    '| Placeholder | Value |',
    '| --- | --- |',
    ...PLACEHOLDERS.map(([name, value]) => `| \`${name}\` | ${value} |`),
    '',
    '## Per action',
    '',
    'Resources are narrowed wherever the AWS Service Authorization Reference lists a resource type for the',
    'action; a `*` row says why nothing narrower exists.',
    '',
    ...docs.flatMap(actionTable),
    ...(unobserved.length > 0
      ? [
          `Not observed in any integration test (no policy written): ${unobserved.map((a) => `\`${a}\``).join(', ')}.`,
          '',
        ]
      : []),
    TRUST,
  ].join('\n');
}
