/**
 * The wait modes: `deployment` follows ECS's rollout; `healthy` delegates to the health gate (src/health),
 * which succeeds as soon as the new tasks are healthy behind the load balancer without waiting for old
 * tasks to drain. Two or more services behind load balancers share one batched gate (one poll round for
 * all of them); one service keeps its own. A service without a load balancer (a worker) has no targets to
 * gate on, so in `healthy` mode it is waited on in `deployment` mode, with the settle window after ECS
 * reports it COMPLETED (wait.ts).
 */
import type { AlarmWatcher } from '../health/alarms.js';
import type { Service } from '@aws-sdk/client-ecs';
import type { PreflightTargetGroups } from '../health/preflight.js';
import type { HealthSample, HealthVerdict } from '../health/types.js';
import { waitForHealthyDeployment, waitForHealthyDeployments } from '../health/wait-for-healthy.js';
import { errorMessage } from '../errors.js';
import type { ServiceReport } from './report.js';
import type { EngineContext, RolloutEvent, WaitMode } from './types.js';
import { waitForRollouts, type RolloutResult, type ServiceRollout } from './wait.js';

/** Options of waitInMode. */
export interface WaitInModeOptions {
  mode: Exclude<WaitMode, 'none'>;
  cluster: string;
  rollouts: ServiceRollout[];
  /** The services as described before the update (load balancers decide the healthy gate). */
  services: Service[];
  timeoutMs: number;
  knownEventIds?: Set<string>;
  onEvent?: (event: RolloutEvent) => void;
  /** Target groups a preflight read (healthy mode): the gate reuses them. */
  targetGroups?: PreflightTargetGroups;
  /** CloudWatch alarms that fail the `healthy` gate, and how long it keeps watching after healthy. */
  alarms?: { watch: AlarmWatcher; bakeMs: number };
  /** How long a service without a load balancer must stay settled after COMPLETED (wait.ts); 0: not at all. */
  settleMs?: number;
  /**
   * All-or-nothing: once one service's wait fails, stop waiting for the others (their status `stopped`),
   * since the whole release goes back anyway, so the rollback starts as soon as the failure is seen.
   */
  stopOnFailure?: boolean;
}

function fromVerdict(rollout: ServiceRollout, verdict: HealthVerdict): RolloutResult {
  const status =
    verdict.status === 'healthy' ? 'completed' : verdict.status === 'unhealthy' ? 'failed' : verdict.status;
  return {
    service: rollout.service,
    status,
    reason: verdict.reason,
    deploymentId: verdict.deploymentId ?? rollout.deploymentId,
    taskDefinitionArn: rollout.taskDefinitionArn,
    events: [],
  };
}

/** Waits for every rollout in the given mode, concurrently. */
export async function waitInMode(
  context: EngineContext,
  options: WaitInModeOptions,
): Promise<RolloutResult[]> {
  const hasTargets = (rollout: ServiceRollout) =>
    (options.services.find((service) => service.serviceName === rollout.service)?.loadBalancers ?? [])
      .length > 0;
  const gated = options.mode === 'healthy' ? options.rollouts.filter(hasTargets) : [];
  const followed = options.rollouts.filter((rollout) => !gated.includes(rollout));
  for (const rollout of followed.filter(() => options.mode === 'healthy'))
    context.logger.info(
      `${rollout.service}: no load balancer, waiting for the deployment to complete instead`,
    );
  // One failure ends the waits of an all-or-nothing release: `release` aborts the others.
  const release = new AbortController();
  const signal = context.signal ? AbortSignal.any([context.signal, release.signal]) : release.signal;
  const waiting = { ...context, signal };
  const firstFailure = (service: string) => {
    if (!options.stopOnFailure || release.signal.aborted || options.rollouts.length < 2) return;
    context.logger.info(
      `${service} failed: no longer waiting for the other services (the release goes back whole)`,
    );
    release.abort(new Error(`${service} failed first`));
  };
  // Progress lines and timeline events when a service's decision changes.
  const started = context.clock.now();
  const lastDecision = new Map<string, string>();
  const onProgress = (service: string, sample: HealthSample) => {
    if (sample.decision === lastDecision.get(service)) return;
    lastDecision.set(service, sample.decision);
    const message = `${sample.decision}: ${sample.reason}`;
    context.logger.info(`${service}: ${message}`);
    options.onEvent?.({ time: started + sample.elapsedMs, service, message });
  };
  const gateOptions = {
    ecs: context.clients.ecs,
    elb: context.clients.elb,
    cluster: options.cluster,
    clock: context.clock,
    signal,
    timeoutMs: options.timeoutMs,
    tagHealthy: false,
    targetGroups: options.targetGroups,
    logger: context.logger,
    alarms: options.alarms?.watch,
    bakeMs: options.alarms?.bakeMs,
  };
  // One service behind a load balancer keeps its own gate; two or more share one batched gate.
  const verdicts = async (): Promise<HealthVerdict[]> => {
    if (gated.length > 1)
      return waitForHealthyDeployments({
        ...gateOptions,
        services: gated.map((rollout) => ({ service: rollout.service, deploymentId: rollout.deploymentId })),
        onProgress,
        onOutcome: (service, outcome) => {
          if (outcome !== 'healthy' && outcome !== 'cancelled') firstFailure(service);
        },
      });
    const [rollout] = gated;
    const verdict = await waitForHealthyDeployment({
      ...gateOptions,
      service: rollout.service,
      deploymentId: rollout.deploymentId,
      onProgress: (sample) => onProgress(rollout.service, sample),
    });
    if (verdict.status === 'unhealthy' || verdict.status === 'timeout') firstFailure(rollout.service);
    return [verdict];
  };
  const gateAll = async (): Promise<RolloutResult[]> => {
    if (gated.length === 0) return [];
    return (await verdicts()).map((verdict, index) => {
      const result = fromVerdict(gated[index], verdict);
      const last = verdict.samples.at(-1);
      options.onEvent?.({
        time: gated.length > 1 && last ? started + last.elapsedMs : context.clock.now(),
        service: result.service,
        message: `${result.status}: ${result.reason}`,
      });
      return result;
    });
  };
  const [gatedResults, followedResults] = await Promise.all([
    gateAll(),
    followed.length > 0
      ? waitForRollouts(waiting, {
          cluster: options.cluster,
          rollouts: followed.map((rollout) =>
            hasTargets(rollout) ? rollout : { ...rollout, settleMs: options.settleMs },
          ),
          timeoutMs: options.timeoutMs,
          knownEventIds: options.knownEventIds,
          onEvent: options.onEvent,
          onFinished: (result) => {
            if (result.status === 'failed' || result.status === 'timeout') firstFailure(result.service);
          },
        })
      : Promise.resolve([]),
  ]);
  const all = [...gatedResults, ...followedResults];
  const stopped = release.signal.aborted && !context.signal?.aborted;
  return options.rollouts.map((rollout) => {
    const result = all.find((candidate) => candidate.service === rollout.service)!;
    if (!stopped || result.status !== 'cancelled') return result;
    return {
      ...result,
      status: 'stopped',
      reason: `not waited for further: ${errorMessage(release.signal.reason)}`,
    };
  });
}

/** What waitForUpdated works on. */
export interface WaitForUpdatedOptions extends Omit<WaitInModeOptions, 'rollouts'> {
  /** The report entries of the services this run updated. */
  entries: ServiceReport[];
  /** The revision the updated services should reach. */
  taskDefinitionArn: string;
}

/**
 * Waits in `mode` for the services a run updated (deploy mode and rollback mode alike) and returns each
 * service's result, in the order of `entries`.
 */
export async function waitForUpdated(
  context: EngineContext,
  options: WaitForUpdatedOptions,
): Promise<RolloutResult[]> {
  const { entries, taskDefinitionArn, ...waitOptions } = options;
  return context.logger.group(`Wait (${options.mode})`, () =>
    waitInMode(context, {
      ...waitOptions,
      rollouts: entries.map((entry) => ({
        service: entry.service,
        deploymentId: entry.deploymentId,
        taskDefinitionArn: entry.targetTaskDefinitionArn ?? taskDefinitionArn,
      })),
    }),
  );
}

/** The results of rollouts that did not complete (including those no longer waited for). */
export function failedRollouts(results: RolloutResult[]): RolloutResult[] {
  return results.filter((result) => result.status !== 'completed');
}

/** The rollouts that failed by themselves: not those no longer waited for after another one failed. */
export function ownFailures(results: RolloutResult[]): RolloutResult[] {
  return failedRollouts(results).filter((result) => result.status !== 'stopped');
}

/** `service: status: reason` of each result, for failure messages. */
export function describeResults(results: RolloutResult[]): string {
  return results.map((result) => `${result.service}: ${result.status}: ${result.reason}`).join('; ');
}
