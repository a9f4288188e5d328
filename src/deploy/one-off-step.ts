/**
 * The deploy engine's one-off steps: check every task against the rendered revision before any mutating
 * call, then run a phase's tasks one after another, stopping at the first that does not succeed.
 */
import type { ContainerDefinition, Service } from '@aws-sdk/client-ecs';
import { errorMessage } from '../errors.js';
import type { TaskDefinitionInput } from '../taskdef/types.js';
import { oneOffContainer, type OneOffPhase, type OneOffTaskSpec } from './one-off-task.js';
import { runOneOffTask, type OneOffResult } from './run-one-off.js';
import type { EngineContext } from './types.js';

/** A task with the container its command goes to, checked against the revision. */
export interface CheckedOneOffTask {
  spec: OneOffTaskSpec;
  container: string;
}

/**
 * Checks each task's container against the rendered revision (a task naming a container the revision lacks
 * is bad input: it fails here, before anything is registered or run).
 */
export function checkOneOffTasks(
  specs: OneOffTaskSpec[],
  rendered: TaskDefinitionInput,
): CheckedOneOffTask[] {
  const containers = (rendered.containerDefinitions ?? []) as ContainerDefinition[];
  return specs.map((spec) => ({ spec, container: oneOffContainer(spec, containers) }));
}

/** What one phase did: the results, and the failure message when a task did not succeed. */
export interface OneOffPhaseResult {
  results: OneOffResult[];
  failure?: string;
}

/** Runs the phase's tasks in order from the deployed revision, with the first service's network settings. */
export async function runOneOffPhase(
  context: EngineContext,
  options: {
    phase: OneOffPhase;
    tasks: CheckedOneOffTask[];
    cluster: string;
    taskDefinitionArn: string;
    service: Service;
    rendered: TaskDefinitionInput;
  },
): Promise<OneOffPhaseResult> {
  const tasks = options.tasks.filter((task) => task.spec.phase === options.phase);
  const results: OneOffResult[] = [];
  for (const task of tasks) {
    // A RunTask that fails started nothing: a failure like any other, reported with the run (after tasks
    // run once the services were updated, so the report must not be lost to a throw).
    const result = await runOneOffTask(context, {
      cluster: options.cluster,
      taskDefinitionArn: options.taskDefinitionArn,
      service: options.service,
      containers: (options.rendered.containerDefinitions ?? []) as ContainerDefinition[],
      container: task.container,
      spec: task.spec,
    }).catch((error: unknown) => errorMessage(error));
    if (typeof result === 'string') return { results, failure: result };
    results.push(result);
    if (result.outcome === 'succeeded') context.logger.info(result.message);
    else return { results, failure: result.message };
  }
  return { results };
}
