/** Shared set-up for the ecs-deploy integration tests: a fresh simulator, SDK clients, running the bundle. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, type Service } from '@aws-sdk/client-ecs';
import type { CallRecord, WorldSeed } from '../../sim/index.js';
import { runAction, type RunOptions, type RunResult } from '../helpers/action.js';
import { startSimulatorHarness, stopSimulatorHarness, type SimulatorHarness } from '../helpers/simulator.js';

/** Simulated milliseconds per real millisecond (the action runs with the same ECS_KIT_TIME_SCALE). */
export const TIME_SCALE = 50;

/** An image in the world's ECR registry. */
export const image = (tag: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:${tag}`;

/** A running simulator, SDK clients on it and a workspace for task definition files. */
export interface DeployHarness extends SimulatorHarness {
  workspace: string;
}

/** Starts a fresh simulator seeded with `world`. */
export async function startDeployHarness(world: WorldSeed, timeScale = TIME_SCALE): Promise<DeployHarness> {
  const harness = await startSimulatorHarness({ timeScale, world, seed: 11 });
  return { ...harness, workspace: mkdtempSync(join(tmpdir(), 'ecs-deploy-ws-')) };
}

/** Stops the simulator and the clients. */
export const stopDeployHarness: (harness: DeployHarness | undefined) => Promise<void> = stopSimulatorHarness;

/** Writes a file into the workspace; returns its relative path. */
export function writeWorkspaceFile(harness: DeployHarness, name: string, content: unknown): string {
  writeFileSync(
    join(harness.workspace, name),
    typeof content === 'string' ? content : JSON.stringify(content, null, 2),
  );
  return name;
}

/** Runs dist/ecs-deploy/index.js against the harness's simulator. */
export function runDeploy(
  harness: DeployHarness,
  inputs: RunOptions['inputs'],
  options: Omit<RunOptions, 'inputs' | 'endpoint' | 'workspace'> = {},
): Promise<RunResult> {
  return runAction('ecs-deploy', {
    inputs: { cluster: 'prod', service: 'web', ...inputs },
    endpoint: harness.sim.endpoint,
    workspace: harness.workspace,
    ...options,
    env: { ECS_KIT_TIME_SCALE: String(harness.sim.world.clock.getScale()), ...options.env },
  });
}

/** Mutating calls the simulator saw. */
export function mutatingCalls(harness: DeployHarness): CallRecord[] {
  return harness.sim.world.log.list().filter((record) => record.mutating);
}

/** Describes one service of cluster prod. */
export async function describeService(harness: DeployHarness, service = 'web'): Promise<Service> {
  const response = await harness.ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: [service] }),
  );
  return response.services![0];
}

/** Output and error text of a run, for failure messages. */
export function explain(result: RunResult): string {
  return `exit ${result.code}\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-2000)}`;
}

/** Fails with the action's output when the exit code is not `code`. */
export function expectExit(result: RunResult, code: number): void {
  if (result.code !== code) throw new Error(`expected exit ${code}, got ${explain(result)}`);
}

/**
 * Starts a run and resolves once its UpdateService reached the simulator, with the run's result still
 * pending (wrapped: an async function returning a promise would wait for it).
 */
export async function startRunUntilUpdating(
  harness: DeployHarness,
  inputs: RunOptions['inputs'],
): Promise<{ result: Promise<RunResult> }> {
  const result = runDeploy(harness, inputs);
  const started = Date.now();
  while (!mutatingCalls(harness).some((call) => call.operation === 'UpdateService')) {
    if (Date.now() - started > 30_000) throw new Error('the first run never updated the service');
    await new Promise((done) => setTimeout(done, 20));
  }
  return { result };
}
