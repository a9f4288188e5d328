/**
 * The EC2 twin of ecs-deploy-corpus.test.ts: every EC2 task definition of the corpus (EC2 in
 * requiresCompatibilities, or no compatibilities and bridge/host networking) runs as a service on an EC2
 * cluster with container instances, behind an `instance` target group (`ip` for awsvpc), and the deploy
 * engine rolls out new images for every container and passes the health gate (wait mode `healthy`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, test } from '@jest/globals';
import { deploy } from '../../src/deploy/deploy.js';
import { loadTaskDefinitionText, type TaskDefinitionInput } from '../../src/taskdef/index.js';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { renderCorpus } from '../unit/taskdef-corpus-kit.js';
import { ec2World } from '../helpers/ec2-worlds.js';
import { engineContext } from '../helpers/engine.js';

const CORPUS = resolve(import.meta.dirname, '..', 'fixtures', 'corpus', 'taskdefs');

function load(file: string): TaskDefinitionInput {
  return loadTaskDefinitionText(file, readFileSync(join(CORPUS, file), 'utf8')).taskDefinition;
}

/** EC2 when it says so, or when it says nothing and uses bridge or host networking. */
function isEc2(definition: TaskDefinitionInput): boolean {
  const compatibilities = definition.requiresCompatibilities ?? [];
  if (compatibilities.length > 0) return compatibilities.includes('EC2');
  return (definition.networkMode ?? 'bridge') !== 'awsvpc';
}

const files = readdirSync(CORPUS).filter((file) => file.endsWith('.json') && isEc2(load(file)));

let sim: Simulator | undefined;
let destroy: (() => void) | undefined;
afterEach(async () => {
  destroy?.();
  await sim?.stop();
  sim = undefined;
});

test('the corpus holds 12 EC2 task definitions, 10 of them bridge or host', () => {
  expect(files).toHaveLength(12);
  expect(files.filter((file) => (load(file).networkMode ?? 'bridge') !== 'awsvpc')).toHaveLength(10);
});

describe.each(files)('%s', (file) => {
  test('deploys on container instances and passes the health gate', async () => {
    const { rendered } = renderCorpus(load(file));
    const withPort = rendered.containerDefinitions!.find((container) => container.portMappings?.length);
    const awsvpc = rendered.networkMode === 'awsvpc';
    const world = ec2World({
      instances: 4,
      taskDefinition: rendered as unknown as Record<string, unknown>,
      container: withPort && { name: withPort.name!, port: Number(withPort.portMappings![0].containerPort) },
      networkConfiguration: awsvpc
        ? { awsvpcConfiguration: { subnets: ['subnet-0sim0000000000001'], securityGroups: ['sg-0sim'] } }
        : undefined,
    });
    world.clusters![0].containerInstances = [{ count: 4, cpu: 4096, memory: 15_000 }];
    // ecs-deploy checks that every ECR image exists before registering: push the tags deployed below.
    world.repositories!.push({
      name: 'corpus',
      images: rendered.containerDefinitions!.map((container) => ({
        tags: [`${container.name}-v2`],
        sizeBytes: 10_000_000,
      })),
    });
    if (!withPort) delete world.services![0].loadBalancers;
    sim = await startSimulator({ timeScale: 500, seed: 3, world });
    const context = engineContext(sim);
    destroy = context.destroy;
    const images = new Map(
      rendered.containerDefinitions!.map((container) => [
        container.name!,
        `123456789012.dkr.ecr.us-east-1.amazonaws.com/corpus:${container.name}-v2`,
      ]),
    );
    const report = await deploy(context, {
      cluster: 'prod',
      services: ['web'],
      base: rendered,
      overrides: { images },
      allowFamilyChange: false,
      forceNewDeployment: 'auto',
      inProgress: 'wait',
      waitMode: withPort ? 'healthy' : 'deployment',
      timeoutMs: 20 * 60_000,
      rollbackOnFailure: true,
      keepRevisions: 0,
      dryRun: false,
      provenance: { commit: 'abc123' },
    });
    expect({ outcome: report.outcome, failure: report.failure }).toEqual({
      outcome: 'deployed',
      failure: undefined,
    });
    // Every new task runs on a container instance.
    const { ecs } = context.clients;
    const arns = (await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }))).taskArns!;
    const tasks = (await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: arns }))).tasks!.filter(
      (task) => task.taskDefinitionArn === report.taskDefinitionArn,
    );
    expect(tasks).toHaveLength(2);
    expect(tasks.every((task) => task.containerInstanceArn)).toBe(true);
  }, 60_000);
});
