/**
 * The gate's reads, made once before anything changes: target groups and their health, the service's
 * tasks. A deploy that would only learn after UpdateService that it cannot watch the rollout (a role
 * without ListTasks or DescribeTargetGroups) fails here instead, naming every missing permission, with
 * nothing changed. The target groups read here are handed to the gate so it does not read them again.
 */
import {
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { readAll, type PreflightRead } from '../aws/access-denied.js';
import type { AwsClients } from '../aws/clients.js';
import { serviceLoadBalancers } from './service.js';
import { describeTargetGroups, describeTargetHealth, type TargetGroupSettings } from './targets.js';

/** What the gate's preflight needs: the services as just described and the action to name in errors. */
export interface GatePreflightOptions {
  clients: Pick<AwsClients, 'ecs' | 'elb'>;
  cluster: string;
  /** The services that will be gated (each with at least one target group). */
  services: Service[];
  /** The action whose policy a missing permission points at (`ecs-deploy`, `wait-healthy`). */
  action: string;
  /** Target groups already described (blue/green's setup): DescribeTargetGroups is not called again. */
  known?: PreflightTargetGroups;
  /**
   * How the gate will list tasks: each service's (default), or the cluster's at once (the batched gate of
   * several services, services-gate.ts), which is then the one ListTasks checked.
   */
  tasks?: 'service' | 'cluster';
}

/** Target group settings by ARN, for every target group of the preflighted services. */
export type PreflightTargetGroups = Map<string, TargetGroupSettings>;

/**
 * Performs each read the gate will poll (DescribeTargetGroups, DescribeTargetHealth, ListTasks and, when
 * a task runs, DescribeTasks and, on EC2, DescribeContainerInstances) once, concurrently. Throws
 * MissingPermissionsError naming every denied action; returns the target groups for the gate to reuse.
 */
export async function preflightGate(options: GatePreflightOptions): Promise<PreflightTargetGroups> {
  const { clients, cluster } = options;
  const targetGroupArns = [
    ...new Set(
      options.services.flatMap((service) =>
        serviceLoadBalancers(service).map((entry) => entry.targetGroupArn),
      ),
    ),
  ];
  if (targetGroupArns.length === 0) return new Map();
  const known = preflightedTargetGroups(options.known, targetGroupArns);
  const listings: (string | undefined)[] =
    options.tasks === 'cluster' ? [undefined] : options.services.map((service) => service.serviceName);
  const [groups] = await readAll<unknown>(options.action, [
    {
      permission: 'elasticloadbalancing:DescribeTargetGroups',
      read: async () => known ?? describeTargetGroups(clients.elb, targetGroupArns),
    },
    ...targetGroupArns.map((arn): PreflightRead<unknown> => ({
      permission: 'elasticloadbalancing:DescribeTargetHealth',
      read: () => describeTargetHealth(clients.elb, arn),
    })),
    ...listings.map((serviceName): PreflightRead<unknown> => ({
      permission: 'ecs:ListTasks',
      read: async () => {
        const listed = await clients.ecs.send(new ListTasksCommand({ cluster, serviceName, maxResults: 1 }));
        // DescribeTasks needs a task to name; a service with none is checked by its first poll.
        const taskArns = listed.taskArns ?? [];
        if (taskArns.length > 0) await describeTasksOnce(clients, cluster, taskArns);
      },
    })),
  ]);
  return groups as PreflightTargetGroups;
}

/**
 * DescribeTasks once and, for a task on an EC2 container instance, DescribeContainerInstances: the gate
 * resolves the instance id behind `instance` targets that way (tasks.ts).
 */
async function describeTasksOnce(
  clients: Pick<AwsClients, 'ecs'>,
  cluster: string,
  taskArns: string[],
): Promise<void> {
  const described = await clients.ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns }));
  const instance = described.tasks?.find((task) => task.containerInstanceArn)?.containerInstanceArn;
  if (instance)
    await clients.ecs.send(
      new DescribeContainerInstancesCommand({ cluster, containerInstances: [instance] }),
    );
}

/** The preflight's settings of exactly these target groups, or undefined when it did not read them all. */
export function preflightedTargetGroups(
  preflighted: PreflightTargetGroups | undefined,
  targetGroupArns: string[],
): PreflightTargetGroups | undefined {
  if (!preflighted || !targetGroupArns.every((arn) => preflighted.has(arn))) return undefined;
  return new Map(targetGroupArns.map((arn) => [arn, preflighted.get(arn)!]));
}
