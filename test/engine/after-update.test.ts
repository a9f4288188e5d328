/**
 * After UpdateService the kit never leaves a deployment unattended: whatever goes wrong once a service
 * changed (a permission revoked mid-run, 5xx that outlast the retries), the run either rolls back or
 * ends saying what ECS is doing and the one command that restores the previous revision.
 */
import { expect, test } from '@jest/globals';
import { DescribeServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { deploy } from '../../src/deploy/deploy.js';
import type { DeployOptions, EngineContext } from '../../src/deploy/types.js';
import type { DenyConfig, FaultConfig } from '../../sim/index.js';
import { useSimulator, type SimulatorHarness } from '../helpers/simulator.js';
import { rollingWorld } from '../helpers/worlds.js';
import { clientsOf, recordingLogger, simulatorClock } from './deny-kit.js';

const harness = useSimulator({ timeScale: 1, maxAttempts: 3 });

const options = (waitMode: DeployOptions['waitMode']): DeployOptions => ({
  cluster: 'prod',
  services: ['web'],
  overrides: { images: new Map([['web', '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2']]) },
  allowFamilyChange: false,
  forceNewDeployment: 'auto',
  inProgress: 'wait',
  waitMode,
  timeoutMs: 30 * 60_000,
  rollbackOnFailure: true,
  keepRevisions: 0,
  dryRun: false,
  provenance: { commit: 'abc123' },
});

/** A fresh world whose simulator turns hostile (`after`) as soon as the kit's UpdateService succeeded. */
function engineTurningHostile(after: { deny?: DenyConfig; faults?: FaultConfig }) {
  const h = harness();
  h.sim.reset({ timeScale: 1, seed: 3 });
  h.sim.world.seed(rollingWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 }));
  const logger = recordingLogger();
  const context: EngineContext = { clients: clientsOf(h), clock: simulatorClock(h.sim), logger };
  const hostile = (next: (args: never) => Promise<unknown>, commandName: string) => async (args: never) => {
    const result = await next(args);
    if (commandName === 'UpdateServiceCommand') {
      if (after.deny) h.sim.world.access.configure(after.deny);
      if (after.faults) h.sim.world.faults.configure(after.faults);
    }
    return result;
  };
  const name = 'turn-hostile';
  h.ecs.middlewareStack.remove(name);
  h.ecs.middlewareStack.add(
    ((next: never, middlewareContext: { commandName?: string }) =>
      hostile(next, middlewareContext.commandName ?? '')) as never,
    { step: 'initialize', name },
  );
  return { h, context, logger };
}

async function settle(h: SimulatorHarness): Promise<string | undefined> {
  h.sim.world.access.configure({});
  h.sim.world.faults.configure({});
  h.ecs.middlewareStack.remove('turn-hostile');
  h.sim.world.clock.advance(20 * 60_000);
  const service = (await h.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })))
    .services![0];
  return service.deployments?.length === 1 ? service.taskDefinition : undefined;
}

test('a permission revoked after UpdateService: the gate cannot watch, the kit rolls back', async () => {
  const { h, context } = engineTurningHostile({ deny: { operations: ['ecs:ListTasks'] } });
  const report = await deploy(context, options('healthy'));
  expect(report.outcome).toBe('rolled-back');
  expect(await settle(h)).toMatch(/shop-web:1$/);
});

test('DescribeServices and UpdateService denied after the update: the failure says what ECS does and how to restore', async () => {
  const { h, context } = engineTurningHostile({
    deny: { operations: ['ecs:DescribeServices', 'ecs:UpdateService'] },
  });
  const report = await deploy(context, options('deployment'));
  expect(report.outcome).toBe('failed');
  expect(report.failure).toMatch(/missing permission ecs:DescribeServices/);
  expect(report.failure).toMatch(
    /the rollback failed: missing permission ecs:(DescribeServices|UpdateService)/,
  );
  expect(report.failure).toMatch(
    /web: ECS carries on rolling out shop-web:2 \(deployment ecs-svc\/\d+\) without the kit watching; restore shop-web:1 with: aws ecs update-service --cluster prod --service web --task-definition shop-web:1$/,
  );
  // The command it gives is what restores the service.
  await settle(h);
  await h.ecs.send(
    new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: 'shop-web:1' }),
  );
  expect(await settle(h)).toMatch(/shop-web:1$/);
}, 30_000);

test('5xx after the update that outlast the retries: the failure gives the restore command', async () => {
  const { h, context } = engineTurningHostile({
    faults: { rules: [{ service: 'ecs', operation: 'DescribeServices', serverErrorPercent: 100 }] },
  });
  const report = await deploy(context, options('deployment'));
  expect(report.outcome).toBe('failed');
  expect(report.failure).toMatch(
    /restore shop-web:1 with: aws ecs update-service --cluster prod --service web --task-definition shop-web:1/,
  );
  expect(await settle(h)).toMatch(/shop-web:2$/);
}, 30_000);
