/**
 * The target a task on a container instance registers: in an `instance` target group (bridge or host
 * networking) the target is the EC2 instance id and the host port bound to the load balancer's container
 * port, so several tasks on one instance are distinct targets.
 */
import type { LoadBalancerRecord, TaskRecord } from './records.js';

/** The instance target of a task placed on a container instance, or undefined (awsvpc, or not placed). */
export function instanceTarget(
  task: Pick<TaskRecord, 'containerInstance' | 'networkBindings' | 'privateIp'>,
  loadBalancer: Pick<LoadBalancerRecord, 'containerName' | 'containerPort'>,
): { id: string; port: number } | undefined {
  if (!task.containerInstance || task.privateIp) return undefined;
  const binding = task.networkBindings?.find(
    (candidate) =>
      candidate.containerName === loadBalancer.containerName &&
      candidate.containerPort === loadBalancer.containerPort,
  );
  return { id: task.containerInstance.ec2InstanceId, port: binding?.hostPort ?? loadBalancer.containerPort };
}
