/**
 * Task placement on EC2 container instances, as the ECS developer guide describes it: the scheduler keeps
 * the instances that are ACTIVE, satisfy the placement constraints (distinctInstance, memberOf) and have
 * the task's CPU, memory and host ports free, then narrows them with the placement strategies in order
 * (binpack on cpu or memory, spread on an attribute or instanceId, random). Pure over its inputs, so
 * services and one-off tasks (RunTask) place the same way.
 */
import type { ContainerInstanceRecord, NetworkBindingRecord, TaskRecord } from './records.js';
import { parsePlacementExpression, type PlacementExpression } from './placement-expression.js';

/** The dynamic host port range of bridge networking (the ECS agent's default ephemeral range). */
export const DYNAMIC_PORT_RANGE = { first: 32768, last: 60999 } as const;

/** A placement strategy as the ECS API spells it. */
export interface PlacementStrategy {
  type: 'binpack' | 'spread' | 'random';
  field?: string;
}

/** A placement constraint as the ECS API spells it (memberOf expressions parsed beforehand). */
export interface PlacementConstraint {
  type: 'distinctInstance' | 'memberOf';
  expression?: string;
}

/** What one task asks of an instance. */
export interface TaskDemand {
  cpu: number;
  memory: number;
  networkMode: string;
  /** Container ports to bind: hostPort 0 means a dynamic port (bridge only). */
  ports: { containerName: string; containerPort: number; hostPort: number; protocol: string }[];
}

/** What is in use on an instance now. */
export interface InstanceUsage {
  cpu: number;
  memory: number;
  ports: Set<number>;
  /** Live tasks on the instance by group (`service:<name>` or `family:<family>`). */
  groups: Map<string, number>;
}

/** Where a task goes, or why it cannot go anywhere. */
export type PlacementResult =
  | { placed: true; instance: ContainerInstanceRecord; networkBindings: NetworkBindingRecord[] }
  | { placed: false; reason: string };

/** The default when a service names no strategy: spread over zones, then over instances. */
export const DEFAULT_STRATEGY: PlacementStrategy[] = [
  { type: 'spread', field: 'attribute:ecs.availability-zone' },
  { type: 'spread', field: 'instanceId' },
];

// The checks an instance passes in order; the closest matching instance is the one that got furthest.
const CHECKS = ['constraints', 'cpu', 'memory', 'ports'] as const;

function number(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0;
  const text = String(value).trim();
  const units = /^([\d.]+)\s*(vcpu|gb)$/i.exec(text);
  if (units) return Number(units[1]) * 1024;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : 0;
}

/** CPU units, memory (MiB) and port mappings a task definition asks for on EC2. */
export function taskDemand(body: Record<string, unknown>): TaskDemand {
  const containers = (body.containerDefinitions as Record<string, unknown>[] | undefined) ?? [];
  const networkMode = String(body.networkMode ?? 'bridge');
  const cpu =
    body.cpu !== undefined ? number(body.cpu) : containers.reduce((sum, c) => sum + number(c.cpu), 0);
  const memory =
    body.memory !== undefined
      ? number(body.memory)
      : containers.reduce((sum, c) => sum + number(c.memoryReservation ?? c.memory), 0);
  const ports = containers.flatMap((container) =>
    ((container.portMappings as Record<string, unknown>[] | undefined) ?? []).map((mapping) => {
      const containerPort = number(mapping.containerPort);
      const hostPort = networkMode === 'host' ? containerPort : number(mapping.hostPort);
      return {
        containerName: String(container.name),
        containerPort,
        hostPort,
        protocol: String(mapping.protocol ?? 'tcp'),
      };
    }),
  );
  return { cpu, memory, networkMode, ports: networkMode === 'awsvpc' ? [] : ports };
}

/** What the cluster's live tasks use on each instance. */
export function instanceUsage(tasks: Iterable<TaskRecord>): Map<string, InstanceUsage> {
  const usage = new Map<string, InstanceUsage>();
  for (const task of tasks) {
    // A task holds its resources until it has stopped (a draining task still holds its host port).
    if (!task.containerInstance || task.lastStatus === 'STOPPED') continue;
    const demand = taskDemand(task.taskDefinition.body);
    const entry = usage.get(task.containerInstance.arn) ?? {
      cpu: 0,
      memory: 0,
      ports: new Set<number>(),
      groups: new Map<string, number>(),
    };
    entry.cpu += demand.cpu;
    entry.memory += demand.memory;
    for (const binding of task.networkBindings ?? []) entry.ports.add(binding.hostPort);
    if (task.desiredStatus === 'RUNNING') {
      const group = groupOf(task);
      entry.groups.set(group, (entry.groups.get(group) ?? 0) + 1);
    }
    usage.set(task.containerInstance.arn, entry);
  }
  return usage;
}

/** The task group distinctInstance and spread count in: the service, else the family. */
export function groupOf(task: Pick<TaskRecord, 'service' | 'taskDefinition'>): string {
  return task.service ? `service:${task.service.name}` : `family:${task.taskDefinition.family}`;
}

/** The value of a strategy field (`instanceId`, `host`, `attribute:<name>`) on an instance. */
function fieldValue(instance: ContainerInstanceRecord, field: string): string {
  if (field === 'instanceId' || field === 'host') return instance.ec2InstanceId;
  if (field.startsWith('attribute:')) return instance.attributes[field.slice('attribute:'.length)] ?? '';
  return '';
}

function bindPorts(demand: TaskDemand, used: Set<number>): NetworkBindingRecord[] | undefined {
  const taken = new Set(used);
  const bindings: NetworkBindingRecord[] = [];
  for (const port of demand.ports) {
    let hostPort = port.hostPort;
    if (hostPort === 0) {
      hostPort = DYNAMIC_PORT_RANGE.first;
      while (taken.has(hostPort) && hostPort <= DYNAMIC_PORT_RANGE.last) hostPort++;
      if (hostPort > DYNAMIC_PORT_RANGE.last) return undefined;
    } else if (taken.has(hostPort)) {
      return undefined;
    }
    taken.add(hostPort);
    bindings.push({ ...port, hostPort });
  }
  return bindings;
}

const REASONS: Record<(typeof CHECKS)[number], string> = {
  constraints: 'does not satisfy the placement constraints of your task',
  cpu: 'has insufficient CPU units available',
  memory: 'has insufficient memory available',
  ports: 'is already using a port required by your task',
};

/** What place() needs besides the instances. */
export interface PlacementRequest {
  demand: TaskDemand;
  /** The group of the task being placed (`service:<name>`). */
  group: string;
  strategy?: PlacementStrategy[];
  constraints?: PlacementConstraint[];
  /** Picks an index below n (the model's PRNG) for `random` and final ties. */
  pick: (n: number) => number;
}

/** Chooses an instance for one task, or says why none fits, with the closest matching instance. */
export function place(
  instances: ContainerInstanceRecord[],
  usage: Map<string, InstanceUsage>,
  request: PlacementRequest,
): PlacementResult {
  const active = instances.filter((instance) => instance.status === 'ACTIVE');
  if (active.length === 0)
    return { placed: false, reason: 'Reason: No Container Instances were found in your cluster.' };
  const expressions = (request.constraints ?? [])
    .filter((constraint) => constraint.type === 'memberOf')
    .map((constraint) => parsePlacementExpression(constraint.expression ?? ''));
  const distinct = (request.constraints ?? []).some((constraint) => constraint.type === 'distinctInstance');
  const fits: { instance: ContainerInstanceRecord; bindings: NetworkBindingRecord[] }[] = [];
  let closest: { instance: ContainerInstanceRecord; failed: number } | undefined;
  for (const instance of active) {
    const used = usage.get(instance.arn);
    const outcome = check(instance, used, request.demand, {
      expressions,
      distinct: distinct && (used?.groups.get(request.group) ?? 0) > 0,
    });
    if ('bindings' in outcome) fits.push({ instance, bindings: outcome.bindings });
    else if (!closest || outcome.failed > closest.failed) closest = { instance, failed: outcome.failed };
  }
  if (fits.length === 0) {
    const { instance, failed } = closest!;
    return {
      placed: false,
      reason: `The closest matching (container-instance ${instance.id}) ${REASONS[CHECKS[failed]]}.`,
    };
  }
  const chosen = narrow(fits, active, usage, request);
  return { placed: true, instance: chosen.instance, networkBindings: chosen.bindings };
}

function check(
  instance: ContainerInstanceRecord,
  used: InstanceUsage | undefined,
  demand: TaskDemand,
  constraints: { expressions: PlacementExpression[]; distinct: boolean },
): { bindings: NetworkBindingRecord[] } | { failed: number } {
  if (constraints.distinct || !constraints.expressions.every((expression) => expression(instance)))
    return { failed: 0 };
  if ((used?.cpu ?? 0) + demand.cpu > instance.cpu) return { failed: 1 };
  if ((used?.memory ?? 0) + demand.memory > instance.memory) return { failed: 2 };
  const bindings = bindPorts(demand, new Set([...instance.reservedPorts, ...(used?.ports ?? [])]));
  if (!bindings) return { failed: 3 };
  return { bindings };
}

function narrow<T extends { instance: ContainerInstanceRecord }>(
  candidates: T[],
  instances: ContainerInstanceRecord[],
  usage: Map<string, InstanceUsage>,
  request: PlacementRequest,
): T {
  let remaining = candidates;
  for (const strategy of request.strategy?.length ? request.strategy : DEFAULT_STRATEGY) {
    if (remaining.length <= 1) break;
    if (strategy.type === 'random') {
      remaining = [remaining[request.pick(remaining.length)]];
    } else if (strategy.type === 'binpack') {
      const field = strategy.field === 'cpu' ? 'cpu' : 'memory';
      const left = (candidate: T) =>
        candidate.instance[field] - (usage.get(candidate.instance.arn)?.[field] ?? 0);
      const least = Math.min(...remaining.map(left));
      remaining = remaining.filter((candidate) => left(candidate) === least);
    } else {
      const field = strategy.field ?? 'instanceId';
      const counts = new Map<string, number>();
      for (const [arn, used] of usage) {
        const instance = instances.find((candidate) => candidate.arn === arn);
        if (!instance) continue;
        const value = fieldValue(instance, field);
        counts.set(value, (counts.get(value) ?? 0) + (used.groups.get(request.group) ?? 0));
      }
      const countOf = (candidate: T) => counts.get(fieldValue(candidate.instance, field)) ?? 0;
      const fewest = Math.min(...remaining.map(countOf));
      remaining = remaining.filter((candidate) => countOf(candidate) === fewest);
    }
  }
  return remaining[0];
}
