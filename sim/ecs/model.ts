/**
 * The simulated ECS service: task definitions, clusters, services with deployments over simulated time,
 * tasks, the circuit breaker and native blue/green. See sim/ecs/README.md for what is modelled.
 */
import type { Handlers } from '../protocol/handler.js';
import { clusterHandlers } from './clusters.js';
import { serviceDeploymentHandlers } from './service-deployments.js';
import { watchDeploymentAlarms } from './deployment-alarms.js';
import { createService, serviceHandlers } from './services.js';
import { reconcileService } from './scheduler.js';
import { resolveListenerReference } from './seed-references.js';
import { EcsState, type EcsDependencies } from './state.js';
import { readTags, tagHandlers } from './tags.js';
import { taskDefinitionHandlers, registerTaskDefinition } from './taskdefs.js';
import { taskHandlers } from './task-handlers.js';
import { failElbHealthCheck, inGracePeriod, taskOfTarget } from './tasks.js';
import type { EcsSeed, ServiceSeed } from './seed.js';

export type { EcsSeed, ServiceSeed } from './seed.js';

/** ECS state and operation handlers, over the LoadBalancing and TaskRuntime interfaces. */
export class EcsModel {
  readonly handlers: Handlers;
  readonly state: EcsState;

  constructor(dependencies: EcsDependencies) {
    const { sim, elb } = dependencies;
    this.state = new EcsState(dependencies);
    this.state.reconcile = (service) => reconcileService(this.state, service);
    this.handlers = {
      ...taskDefinitionHandlers(this.state),
      ...clusterHandlers(this.state),
      ...serviceHandlers(this.state),
      ...taskHandlers(this.state),
      ...serviceDeploymentHandlers(this.state),
      ...tagHandlers(this.state),
    };
    watchDeploymentAlarms(this.state);
    elb.onHealthChange((change) => {
      // Deferred: the ELBv2 model reports from inside its health-check loop.
      sim.clock.after(0, () => {
        const task = taskOfTarget(this.state, change.targetGroupArn, change.id, change.port);
        if (!task?.service) return;
        if (change.to === 'unhealthy' && task.lastStatus === 'RUNNING' && !inGracePeriod(this.state, task)) {
          failElbHealthCheck(this.state, task, change.targetGroupArn);
        }
        this.state.scheduleReconcile(task.service);
      });
    });
  }

  /** Adds seeded resources: clusters, task definitions (validated), then steady services. */
  seed(seed: EcsSeed): void {
    for (const cluster of seed.clusters ?? []) {
      this.state.ensureCluster(cluster.name).tags = readTags(cluster.tags);
    }
    for (const taskDefinition of seed.taskDefinitions ?? [])
      registerTaskDefinition(this.state, taskDefinition);
    for (const service of seed.services ?? []) this.seedService(service);
  }

  private targetGroupArn(reference: string): string {
    return this.state.elb.findTargetGroup(reference)?.arn ?? reference;
  }

  private seedService(seed: ServiceSeed): void {
    this.state.ensureCluster(seed.cluster);
    createService(
      this.state,
      {
        ...seed,
        desiredCount: seed.desiredCount ?? 2,
        loadBalancers: seed.loadBalancers?.map((entry) => ({
          targetGroupArn: this.targetGroupArn(entry.targetGroup),
          containerName: entry.containerName,
          containerPort: entry.containerPort,
          advancedConfiguration: entry.advancedConfiguration && {
            alternateTargetGroupArn: this.targetGroupArn(entry.advancedConfiguration.alternateTargetGroup),
            productionListenerRule: resolveListenerReference(
              this.state.elb,
              entry.advancedConfiguration.productionListenerRule,
            ),
            testListenerRule:
              entry.advancedConfiguration.testListenerRule &&
              resolveListenerReference(this.state.elb, entry.advancedConfiguration.testListenerRule),
            roleArn:
              entry.advancedConfiguration.roleArn ??
              `arn:aws:iam::${this.state.sim.accountId}:role/ecsInfrastructureRole`,
          },
        })),
      },
      { steady: true },
    );
  }

  /** Plain-data state for /_sim/state. */
  snapshot(): Record<string, unknown> {
    this.state.sim.clock.fireDue();
    return {
      taskDefinitions: [...this.state.families.values()].flat().map((record) => ({
        arn: record.arn,
        status: record.status,
        tags: record.tags,
      })),
      clusters: [...this.state.clusters.values()].map((cluster) => ({
        name: cluster.name,
        services: [...cluster.services.values()].map((service) => ({
          name: service.name,
          status: service.status,
          desiredCount: service.desiredCount,
          taskDefinition: service.taskDefinitionArn,
          deployments: service.deployments.map((deployment) => ({
            id: deployment.id,
            status: deployment.status,
            taskDefinition: deployment.taskDefinitionArn,
            rolloutState: deployment.rolloutState,
            failedTasks: deployment.failedTasks,
            lifecycleStage: deployment.stage,
          })),
          serviceDeployments: service.serviceDeployments.map((record) => ({
            arn: record.arn,
            status: record.status,
            lifecycleStage: record.lifecycleStage,
          })),
        })),
        tasks: [...cluster.tasks.values()].map((task) => ({
          arn: task.arn,
          service: task.service?.name,
          deploymentId: task.deploymentId,
          taskDefinition: task.taskDefinition.arn,
          lastStatus: task.lastStatus,
          desiredStatus: task.desiredStatus,
          privateIp: task.privateIp,
          stoppedReason: task.stoppedReason,
        })),
      })),
    };
  }

  /** Releases timers or sockets (the world's clock owns every timer). */
  stop?(): void;
}
