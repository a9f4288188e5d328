/**
 * The deploy engine on an EC2 cluster where a rollout needs room that only stopping old tasks frees
 * (static host port, one instance per task): ECS reports placement failures on the way, and the kit must
 * not mistake them for a stuck deployment.
 */
import { afterEach, expect, test } from '@jest/globals';
import { deploy } from '../../src/deploy/deploy.js';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { ec2World } from '../helpers/ec2-worlds.js';
import { engineContext } from '../helpers/engine.js';

let sim: Simulator | undefined;
let destroy: (() => void) | undefined;
afterEach(async () => {
  destroy?.();
  await sim?.stop();
  sim = undefined;
});

test('static host ports on exactly enough instances: placement failures while old tasks drain, then deployed', async () => {
  const taskDefinition = {
    family: 'shop-web',
    networkMode: 'bridge',
    containerDefinitions: [
      {
        name: 'web',
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v1',
        memory: 256,
        portMappings: [{ containerPort: 8080, hostPort: 8080 }],
      },
    ],
  };
  sim = await startSimulator({
    timeScale: 500,
    seed: 9,
    world: ec2World({
      instances: 2,
      taskDefinition,
      deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 },
    }),
  });
  const context = engineContext(sim);
  destroy = context.destroy;
  const report = await deploy(context, {
    cluster: 'prod',
    services: ['web'],
    overrides: { images: new Map([['web', '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2']]) },
    allowFamilyChange: false,
    forceNewDeployment: 'auto',
    inProgress: 'wait',
    waitMode: 'deployment',
    timeoutMs: 30 * 60_000,
    rollbackOnFailure: true,
    keepRevisions: 0,
    dryRun: false,
    provenance: { commit: 'abc123' },
  });
  expect({ outcome: report.outcome, failure: report.failure }).toEqual({
    outcome: 'deployed',
    failure: undefined,
  });
  expect(context.lines.some((line) => line.includes('is already using a port required by your task'))).toBe(
    true,
  );
}, 60_000);
