/** Task definitions: RegisterTaskDefinition, DescribeTaskDefinition, DeregisterTaskDefinition, ListTaskDefinitions. */
import type { Handler } from '../protocol/handler.js';
import { paginate } from './paging.js';
import type { TaskDefinitionRecord } from './records.js';
import { ecsError, type EcsState } from './state.js';
import { readTags } from './tags.js';
import { validateTaskDefinition } from './taskdef-validation.js';

/** Fills in the container defaults AWS shows when a task definition is described. */
function withContainerDefaults(
  container: Record<string, unknown>,
  networkMode: string,
): Record<string, unknown> {
  const portMappings = Array.isArray(container.portMappings)
    ? (container.portMappings as Record<string, unknown>[]).map((mapping) => ({
        ...mapping,
        // awsvpc and host modes publish the container port itself (API reference, PortMapping.hostPort).
        ...(networkMode === 'awsvpc' || networkMode === 'host' ? { hostPort: mapping.containerPort } : {}),
        protocol: mapping.protocol ?? 'tcp',
      }))
    : [];
  return {
    cpu: 0,
    essential: true,
    environment: [],
    mountPoints: [],
    volumesFrom: [],
    systemControls: [],
    ...container,
    portMappings,
  };
}

/** Removes null members (exported task definitions often carry them) so defaults and checks see "absent". */
function withoutNulls(request: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(request).filter(([, value]) => value !== null));
}

/** Registers a new revision of a family (validated like AWS). */
export function registerTaskDefinition(
  state: EcsState,
  params: Record<string, unknown>,
): TaskDefinitionRecord {
  const request = withoutNulls(params);
  validateTaskDefinition(request);
  const { tags, ...definition } = request;
  const family = String(definition.family);
  const revisions = state.families.get(family) ?? [];
  const revision = (revisions.at(-1)?.revision ?? 0) + 1;
  const compatibilities = Array.isArray(definition.requiresCompatibilities)
    ? (definition.requiresCompatibilities as string[])
    : [];
  const networkMode = String(definition.networkMode ?? 'bridge');
  const record: TaskDefinitionRecord = {
    arn: state.arn(`task-definition/${family}:${revision}`),
    family,
    revision,
    status: 'ACTIVE',
    body: {
      ...definition,
      networkMode,
      containerDefinitions: (definition.containerDefinitions as Record<string, unknown>[]).map((container) =>
        withContainerDefaults(container, networkMode),
      ),
      volumes: definition.volumes ?? [],
      placementConstraints: definition.placementConstraints ?? [],
    },
    // EC2 is always a compatibility; Fargate is added when the definition fits it (API reference).
    compatibilities: [
      'EC2',
      ...(networkMode === 'awsvpc' && definition.cpu !== undefined && definition.memory !== undefined
        ? ['FARGATE']
        : []),
      ...compatibilities.filter((value) => value !== 'EC2' && value !== 'FARGATE'),
    ],
    registeredAt: state.sim.clock.now(),
    tags: readTags(tags),
  };
  revisions.push(record);
  state.families.set(family, revisions);
  return record;
}

/** The TaskDefinition object as DescribeTaskDefinition returns it. */
export function describeTaskDefinition(
  state: EcsState,
  record: TaskDefinitionRecord,
): Record<string, unknown> {
  return {
    taskDefinitionArn: record.arn,
    ...record.body,
    family: record.family,
    revision: record.revision,
    status: record.status,
    requiresAttributes: [],
    compatibilities: record.compatibilities,
    requiresCompatibilities: record.body.requiresCompatibilities,
    registeredAt: new Date(record.registeredAt),
    registeredBy: `arn:aws:iam::${state.sim.accountId}:role/ecs-kit-sim`,
    deregisteredAt: record.deregisteredAt === undefined ? undefined : new Date(record.deregisteredAt),
  };
}

function requireReference(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw ecsError.client('taskDefinition must be specified.');
  return value;
}

/** The task definition handlers. */
export function taskDefinitionHandlers(state: EcsState): Record<string, Handler> {
  return {
    RegisterTaskDefinition(params: Record<string, unknown>) {
      const record = registerTaskDefinition(state, params);
      return { taskDefinition: describeTaskDefinition(state, record), tags: record.tags };
    },
    DescribeTaskDefinition(params: { taskDefinition?: unknown; include?: unknown }) {
      const record = state.findTaskDefinition(requireReference(params.taskDefinition));
      if (!record) throw ecsError.client('Unable to describe task definition.');
      const withTags = Array.isArray(params.include) && params.include.includes('TAGS');
      return {
        taskDefinition: describeTaskDefinition(state, record),
        tags: withTags ? record.tags : undefined,
      };
    },
    DeregisterTaskDefinition(params: { taskDefinition?: unknown }) {
      const reference = requireReference(params.taskDefinition);
      const name = reference.startsWith('arn:') ? reference.slice(reference.indexOf('/') + 1) : reference;
      if (!/:\d+$/.test(name)) {
        throw ecsError.client('Invalid revision number. Specify family:revision or the full ARN.');
      }
      const record = state.findTaskDefinition(reference);
      if (!record) throw ecsError.client('The specified task definition does not exist.');
      if (record.status === 'ACTIVE') {
        record.status = 'INACTIVE';
        record.deregisteredAt = state.sim.clock.now();
      }
      return { taskDefinition: describeTaskDefinition(state, record) };
    },
    ListTaskDefinitions(params: {
      familyPrefix?: unknown;
      status?: unknown;
      sort?: unknown;
      maxResults?: unknown;
      nextToken?: unknown;
    }) {
      const status = params.status ?? 'ACTIVE';
      if (!['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'].includes(String(status))) {
        throw ecsError.invalid(`Invalid status '${String(status)}'.`);
      }
      const sort = params.sort ?? 'ASC';
      if (sort !== 'ASC' && sort !== 'DESC') throw ecsError.invalid(`Invalid sort '${String(sort)}'.`);
      // familyPrefix matches the whole family name (API reference: "the full family name").
      const families = [...state.families.keys()]
        .filter((family) => params.familyPrefix === undefined || family === params.familyPrefix)
        .sort();
      let arns = families.flatMap((family) =>
        state.families
          .get(family)!
          .filter((record) => record.status === status)
          .map((record) => record.arn),
      );
      if (sort === 'DESC') arns = arns.reverse();
      const page = paginate(arns, params, { defaultSize: 100, maxSize: 100 });
      return { taskDefinitionArns: page.items, nextToken: page.nextToken };
    },
  };
}
