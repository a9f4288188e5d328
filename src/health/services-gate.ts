/**
 * The rolling gate for several services in one step. One poll round observes every service still pending
 * (services-observer.ts: ⌈services/10⌉ DescribeServices, one DescribeTargetHealth per target group, task
 * reads only where something moved) and reads the alarms once; each service's observation is then decided
 * by evaluateHealth with that service's own memory, exactly as its own gate would (the rules, the bake after
 * healthy, ECS deployment alarms, the deadline), and the next round comes when the most urgent service
 * needs it (pollOutlook, combined). A service leaves the rounds when its verdict is reached.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { errorMessage, wrapError } from '../errors.js';
import { DEFAULT_POLL_SCHEDULE, nextPollDelay, type PollState } from '../poll.js';
import { chunk } from '../chunk.js';
import { ecsRollbackOfNewest } from './ecs-rollback.js';
import { evaluateHealth, FRESH_MEMORY } from './evaluate.js';
import { pollOutlook, type GateLoopResult } from './gate-loop.js';
import { earliestHealthyAt, type DeploymentObservation } from './observe.js';
import type { HealthGateOptions } from './options.js';
import { preflightGate, preflightedTargetGroups, type PreflightTargetGroups } from './preflight.js';
import { describeServices, findDeployment, serviceLoadBalancers } from './service.js';
import { SERVICES_PER_CALL, ServicesObserver, type FollowedService } from './services-observer.js';
import { tagHealthyRevision } from './tag.js';
import type { GateEvaluation, GateMemory, HealthSample, HealthVerdict } from './types.js';
import { sampleOf, verdictOf } from './verdict.js';

/** One service to gate. */
export interface GatedService {
  /** Service name. */
  service: string;
  /** The ECS deployment to gate (`ecs-svc/...`); the service's PRIMARY deployment when omitted. */
  deploymentId?: string;
}

/** Options of gateServices: the shared gate options for every service at once. */
export interface ServicesGateOptions extends Omit<HealthGateOptions, 'onProgress'> {
  services: GatedService[];
  /** Tag each healthy service's task definition with `ecs-kit:healthy-at` (default true). */
  tagHealthy?: boolean;
  /** Target groups a preflight already read (preflightGate): not read again. */
  targetGroups?: PreflightTargetGroups;
  /** The action whose IAM policy a denied read points at (default `wait-healthy`). */
  action?: string;
  /** Called after every observation of a service. */
  onProgress?: (service: string, sample: HealthSample) => void;
  /** Called as each service's gate ends, with its outcome (before the others end). */
  onOutcome?: (service: string, outcome: GateLoopResult<DeploymentObservation>['outcome']) => void;
}

// Polls that may fail in a row (after the SDK's retries) before the gate gives up, as in runGate.
const MAX_FAILED_POLLS = 5;

/** One service's gate: its memory, timeline and, once reached, its outcome. */
interface ServiceGate {
  service: string;
  memory: GateMemory;
  samples: HealthSample[];
  /** With ECS deployment alarms, healthy targets wait for rolloutState COMPLETED (as in rolling.ts). */
  waitsForCompleted: boolean;
  /** The bake after the first healthy outcome ends here. */
  holdUntil?: number;
  previous?: string;
  last?: { observation: DeploymentObservation; evaluation: GateEvaluation };
  result?: GateLoopResult<DeploymentObservation>;
  /** A verdict reached before any observation (ECS already rolled the deployment back). */
  verdict?: HealthVerdict;
}

/** With `deploymentConfiguration.alarms` (enabled, with rollback) ECS watches until COMPLETED (rolling.ts). */
function waitsForCompleted(service: Service): boolean {
  const alarms = service.deploymentConfiguration?.alarms;
  return Boolean(alarms?.enable && alarms.rollback && (alarms.alarmNames ?? []).length > 0);
}

/**
 * Gates every service's deployment in one loop and returns each service's verdict, in the order given.
 * Never throws for an unhealthy deployment; throws for bad input (unknown service, a service without load
 * balancers) before waiting, and when polls keep failing.
 */
export async function gateServices(options: ServicesGateOptions): Promise<HealthVerdict[]> {
  const { clients, clock, cluster, logger } = options;
  const startedAt = clock.now();
  const names = options.services.map((entry) => entry.service);
  const described = (
    await Promise.all(
      chunk(names, SERVICES_PER_CALL).map((batch) => describeServices(clients.ecs, cluster, batch)),
    )
  ).flat();
  // Followed by name, as DescribeServices reports it and tasks name their service (`service:web`).
  const followed: FollowedService[] = options.services.map((entry, index) => ({
    service: described[index].serviceName ?? entry.service,
    deploymentId: entry.deploymentId,
    loadBalancers: serviceLoadBalancers(described[index]),
  }));
  const targetGroups =
    preflightedTargetGroups(
      options.targetGroups,
      followed.flatMap((entry) => entry.loadBalancers.map((lb) => lb.targetGroupArn)),
    ) ??
    (await preflightGate({
      clients,
      cluster,
      services: described,
      action: options.action ?? 'wait-healthy',
      tasks: 'cluster',
    }));
  const gates = await Promise.all(
    options.services.map(async (entry, index): Promise<ServiceGate> => {
      const gate: ServiceGate = {
        service: followed[index].service,
        memory: FRESH_MEMORY,
        samples: [],
        waitsForCompleted: waitsForCompleted(described[index]),
      };
      if (entry.deploymentId) return gate;
      // Following the PRIMARY deployment: after an ECS rollback it runs the old revision (rolling.ts).
      const rollback = await ecsRollbackOfNewest(clients.ecs, { cluster, service: entry.service, logger });
      if (rollback) {
        const primary = findDeployment(described[index]);
        gate.verdict = {
          status: 'unhealthy',
          reason: rollback,
          healthyTargets: 0,
          deploymentId: primary?.id,
          taskDefinitionArn: primary?.taskDefinition,
          samples: [],
        };
      }
      return gate;
    }),
  );
  const observer = new ServicesObserver({
    ecs: clients.ecs,
    elb: clients.elb,
    clock,
    cluster,
    services: followed.filter((_, index) => !gates[index].verdict),
    targetGroups,
  });
  await pollRounds(options, { gates, observer, targetGroups, startedAt });

  const verdicts = gates.map(
    (gate) =>
      gate.verdict ??
      verdictOf({
        result: gate.result!,
        startedAt,
        endedAt: gate.result?.observation?.time ?? clock.now(),
        timeoutMs: options.timeoutMs,
        samples: gate.samples,
      }),
  );
  if (options.tagHealthy !== false) {
    const healthy = new Set(
      verdicts.filter((verdict) => verdict.status === 'healthy').map((verdict) => verdict.taskDefinitionArn),
    );
    for (const taskDefinitionArn of healthy) {
      if (taskDefinitionArn)
        await tagHealthyRevision({ ecs: clients.ecs, taskDefinitionArn, at: new Date(clock.now()), logger });
    }
  }
  return verdicts;
}

/** Observes and decides, round after round, until every gate has its outcome. */
async function pollRounds(
  options: ServicesGateOptions,
  run: {
    gates: ServiceGate[];
    observer: ServicesObserver;
    targetGroups: PreflightTargetGroups;
    startedAt: number;
  },
): Promise<void> {
  const { clock, signal, policy, logger, alarms } = options;
  const schedule = DEFAULT_POLL_SCHEDULE;
  const deadline = run.startedAt + options.timeoutMs;
  const bakeMs = options.bakeMs ?? 0;
  const open = () => run.gates.filter((gate) => !gate.verdict && !gate.result);
  let pollState: PollState = { idlePolls: 0 };
  let failedPolls = 0;
  const cancelAll = () => {
    for (const gate of open()) gate.result = { outcome: 'cancelled', ...gate.last, memory: gate.memory };
  };
  while (open().length > 0) {
    if (signal?.aborted) return cancelAll();
    const pending = open();
    let observations: Map<string, DeploymentObservation>;
    let fired: string | undefined;
    try {
      [observations, fired] = await Promise.all([
        run.observer.observe(pending.map((gate) => gate.service)),
        alarms ? alarms.firing() : Promise.resolve(undefined),
      ]);
      failedPolls = 0;
    } catch (error) {
      if (++failedPolls >= MAX_FAILED_POLLS) throw wrapError(`${failedPolls} polls failed in a row`, error);
      logger?.warning(`poll failed, retrying: ${errorMessage(error)}`);
      try {
        await clock.sleep(schedule.fastMs * failedPolls, signal);
      } catch {
        return cancelAll();
      }
      continue;
    }
    const now = clock.now();
    const outlooks = [];
    for (const gate of pending) {
      const seen = observations.get(gate.service)!;
      const observation = fired ? { ...seen, deploymentFailed: seen.deploymentFailed ?? fired } : seen;
      const evaluation = evaluateHealth(observation, policy, gate.memory);
      gate.memory = evaluation.memory;
      gate.last = { observation, evaluation };
      const sample = sampleOf({ startedAt: run.startedAt, observation, evaluation });
      gate.samples.push(sample);
      logger?.debug(
        JSON.stringify({ service: gate.service, ...observation, tasks: observation.tasks.length }),
      );
      options.onProgress?.(gate.service, sample);
      const end = (outcome: GateLoopResult<DeploymentObservation>['outcome']) => {
        gate.result = { outcome, observation, evaluation, memory: gate.memory };
        options.onOutcome?.(gate.service, outcome);
      };
      if (evaluation.decision === 'failing') {
        end('failing');
        continue;
      }
      const settled = !gate.waitsForCompleted || (observation.rolloutState ?? 'COMPLETED') === 'COMPLETED';
      if (evaluation.decision === 'healthy' && settled && bakeMs > 0 && gate.holdUntil === undefined) {
        // The bake after healthy (gateDeployment's second loop): keep observing until it ends.
        logger?.info(`${gate.service}: healthy; baking ${Math.round(bakeMs / 1000)}s before passing`);
        gate.holdUntil = now + bakeMs;
      }
      const holding = gate.holdUntil !== undefined && now < gate.holdUntil;
      if (evaluation.decision === 'healthy' && !holding && settled) {
        end('healthy');
        continue;
      }
      if (now >= Math.max(deadline, gate.holdUntil ?? deadline)) {
        end('timeout');
        continue;
      }
      const outlook = pollOutlook(observation, evaluation, {
        now,
        policy,
        schedule,
        predictedHealthyAt: earliestHealthyAt(observation, run.targetGroups),
        holdUntil: holding ? gate.holdUntil : undefined,
      });
      outlooks.push({ moved: gate.previous !== undefined && outlook.fingerprint !== gate.previous, outlook });
      gate.previous = outlook.fingerprint;
    }
    if (outlooks.length === 0) return;
    const ends = open().map((gate) => Math.max(deadline, gate.holdUntil ?? deadline));
    const next = nextPollDelay(schedule, pollState, {
      now,
      moved: outlooks.some((entry) => entry.moved),
      transitionExpected: outlooks.some((entry) => entry.outlook.transitionExpected),
      confirming: outlooks.some((entry) => entry.outlook.confirming),
      wakeAt: Math.min(...ends, ...outlooks.flatMap((entry) => entry.outlook.wakeAt)),
    });
    pollState = next.state;
    try {
      await clock.sleep(Math.max(1, next.delayMs), signal);
    } catch {
      return cancelAll();
    }
  }
}
