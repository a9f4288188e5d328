/** ECS simulator: task definitions and tags, through the real SDK client (and raw JSON 1.1 where the SDK cannot reach). */
import {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  paginateListTaskDefinitions,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from '@jest/globals';
import { webTaskDefinition } from '../helpers/worlds.js';
import { rejection, startEcs, stopEcs, type EcsHarness } from './ecs-fixtures.js';

let harness: EcsHarness | undefined;
afterEach(async () => {
  await stopEcs(harness);
  harness = undefined;
});

function web(overrides: Record<string, unknown> = {}): RegisterTaskDefinitionCommandInput {
  return { ...webTaskDefinition(), ...overrides } as RegisterTaskDefinitionCommandInput;
}

async function register(input: RegisterTaskDefinitionCommandInput) {
  return harness!.ecs.send(new RegisterTaskDefinitionCommand(input));
}

describe('ECS task definitions', () => {
  it('registers revisions per family, fills AWS defaults and describes them with tags', async () => {
    harness = await startEcs();
    const first = await register({ ...web(), tags: [{ key: 'commit', value: 'abc123' }] });
    const second = await register(web());
    expect(first.taskDefinition).toMatchObject({
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:1',
      family: 'shop-web',
      revision: 1,
      status: 'ACTIVE',
      networkMode: 'awsvpc',
      compatibilities: ['EC2', 'FARGATE'],
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
    });
    expect(first.taskDefinition!.registeredAt).toBeInstanceOf(Date);
    expect(first.taskDefinition!.containerDefinitions![0]).toMatchObject({
      name: 'web',
      essential: true,
      cpu: 0,
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
      mountPoints: [],
      volumesFrom: [],
    });
    expect(first.tags).toEqual([{ key: 'commit', value: 'abc123' }]);
    expect(second.taskDefinition!.revision).toBe(2);

    const latest = await harness.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'shop-web' }));
    expect(latest.taskDefinition!.revision).toBe(2);
    expect(latest.tags).toBeUndefined();
    const tagged = await harness.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'shop-web:1', include: ['TAGS'] }),
    );
    expect(tagged.tags).toEqual([{ key: 'commit', value: 'abc123' }]);
    const byArn = await harness.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: first.taskDefinition!.taskDefinitionArn }),
    );
    expect(byArn.taskDefinition!.revision).toBe(1);
  });

  it('deregisters a revision: INACTIVE, out of the default listing, still describable by revision', async () => {
    harness = await startEcs();
    await register(web());
    await register(web());
    const deregistered = await harness.ecs.send(
      new DeregisterTaskDefinitionCommand({ taskDefinition: 'shop-web:2' }),
    );
    expect(deregistered.taskDefinition).toMatchObject({ revision: 2, status: 'INACTIVE' });
    expect(deregistered.taskDefinition!.deregisteredAt).toBeInstanceOf(Date);
    const latest = await harness.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'shop-web' }));
    expect(latest.taskDefinition!.revision).toBe(1);
    const inactive = await harness.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'shop-web:2' }),
    );
    expect(inactive.taskDefinition!.status).toBe('INACTIVE');
    const active = await harness.ecs.send(new ListTaskDefinitionsCommand({}));
    expect(active.taskDefinitionArns).toEqual([expect.stringMatching(/shop-web:1$/)]);
    const listedInactive = await harness.ecs.send(new ListTaskDefinitionsCommand({ status: 'INACTIVE' }));
    expect(listedInactive.taskDefinitionArns).toEqual([expect.stringMatching(/shop-web:2$/)]);
    const familyOnly = await rejection(
      harness.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'shop-web' })),
    );
    expect(familyOnly.name).toBe('ClientException');
  });

  it('lists by family and sort order, paginating with maxResults and nextToken', async () => {
    harness = await startEcs();
    for (let index = 0; index < 5; index++) await register(web());
    for (let index = 0; index < 3; index++) await register(web({ family: 'shop-worker' }));
    const desc = await harness.ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: 'shop-web', sort: 'DESC', maxResults: 2 }),
    );
    expect(desc.taskDefinitionArns!.map((arn) => arn.split('/')[1])).toEqual(['shop-web:5', 'shop-web:4']);
    expect(desc.nextToken).toBeDefined();
    const pages: string[][] = [];
    for await (const page of paginateListTaskDefinitions(
      { client: harness.ecs, pageSize: 3 },
      { sort: 'ASC' },
    )) {
      pages.push(page.taskDefinitionArns!.map((arn) => arn.split('/')[1]));
    }
    expect(pages).toEqual([
      ['shop-web:1', 'shop-web:2', 'shop-web:3'],
      ['shop-web:4', 'shop-web:5', 'shop-worker:1'],
      ['shop-worker:2', 'shop-worker:3'],
    ]);
    const tooMany = await rejection(harness.ecs.send(new ListTaskDefinitionsCommand({ maxResults: 101 })));
    expect(tooMany.name).toBe('InvalidParameterException');
  });

  it.each([
    ['no containers', { containerDefinitions: [] }, /Container list cannot be empty/],
    ['a container without image', { containerDefinitions: [{ name: 'web' }] }, /Container.image/],
    ['a container without name', { containerDefinitions: [{ image: 'nginx' }] }, /Container.name/],
    [
      'duplicate container names',
      {
        containerDefinitions: [
          { name: 'web', image: 'nginx' },
          { name: 'web', image: 'nginx' },
        ],
      },
      /Duplicate container name 'web'/,
    ],
    ['an invalid family', { family: 'shop web!' }, /Family contains invalid characters/],
    ['Fargate without awsvpc', { networkMode: 'bridge' }, /Fargate only supports network mode/],
    ['Fargate without task cpu', { cpu: undefined }, /Fargate requires that 'cpu'/],
    [
      'an invalid Fargate size',
      { cpu: '256', memory: '4096' },
      /No Fargate configuration exists for given values: 256 CPU, 4096 memory/,
    ],
    [
      'EC2 without any memory',
      { requiresCompatibilities: ['EC2'], networkMode: 'bridge', cpu: undefined, memory: undefined },
      /At least one of 'memory' or 'memoryReservation' must be specified/,
    ],
  ])('refuses %s with ClientException', async (_what, overrides, message) => {
    harness = await startEcs();
    const error = await rejection(register(web(overrides)));
    expect(error.name).toBe('ClientException');
    expect(error.message).toMatch(message);
  });

  it('accepts Fargate sizes in vCPU/GB units and EC2 definitions with container memory', async () => {
    harness = await startEcs();
    await register(web({ cpu: '1 vCPU', memory: '2 GB' }));
    const ec2 = await register({
      family: 'batch',
      requiresCompatibilities: ['EC2'],
      containerDefinitions: [{ name: 'job', image: 'busybox', memoryReservation: 128 }],
    });
    expect(ec2.taskDefinition).toMatchObject({ networkMode: 'bridge', compatibilities: ['EC2'] });
  });

  it('drops unknown keys in the SDK, and refuses read-only keys sent raw with "Unexpected key"', async () => {
    harness = await startEcs();
    // The SDK (schema serde) drops members its model does not know, so read-only fields never leave it.
    const viaSdk = await register({
      ...web(),
      revision: 7,
      status: 'ACTIVE',
    } as RegisterTaskDefinitionCommandInput);
    expect(viaSdk.taskDefinition!.revision).toBe(1);
    const response = await fetch(harness.sim.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition',
      },
      body: JSON.stringify({ ...webTaskDefinition(), compatibilities: ['EC2', 'FARGATE'] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      __type: 'ClientException',
      message: "Unexpected key 'compatibilities' found in params.",
    });
  });

  it('names unknown task definitions with ClientException', async () => {
    harness = await startEcs();
    const error = await rejection(
      harness.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope' })),
    );
    expect(error.name).toBe('ClientException');
    expect(error.message).toBe('Unable to describe task definition.');
  });

  it('tags and untags task definitions, services and clusters', async () => {
    harness = await startEcs({
      world: {
        clusters: [{ name: 'prod', tags: [{ key: 'team', value: 'shop' }] }],
        taskDefinitions: [webTaskDefinition()],
        services: [{ cluster: 'prod', serviceName: 'web', taskDefinition: 'shop-web', desiredCount: 0 }],
      },
    });
    const arns = [
      'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:1',
      'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
      'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
    ];
    for (const resourceArn of arns) {
      await harness.ecs.send(
        new TagResourceCommand({ resourceArn, tags: [{ key: 'healthy-at', value: '2026-11-22' }] }),
      );
      const listed = await harness.ecs.send(new ListTagsForResourceCommand({ resourceArn }));
      expect(listed.tags).toContainEqual({ key: 'healthy-at', value: '2026-11-22' });
      await harness.ecs.send(new UntagResourceCommand({ resourceArn, tagKeys: ['healthy-at'] }));
      const after = await harness.ecs.send(new ListTagsForResourceCommand({ resourceArn }));
      expect(after.tags).not.toContainEqual({ key: 'healthy-at', value: '2026-11-22' });
    }
    const cluster = await harness.ecs.send(new ListTagsForResourceCommand({ resourceArn: arns[2] }));
    expect(cluster.tags).toEqual([{ key: 'team', value: 'shop' }]);
    const missing = await rejection(
      harness.ecs.send(
        new ListTagsForResourceCommand({
          resourceArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/other:1',
        }),
      ),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
    const reserved = await rejection(
      harness.ecs.send(
        new TagResourceCommand({ resourceArn: arns[0], tags: [{ key: 'aws:x', value: '1' }] }),
      ),
    );
    expect(reserved.name).toBe('InvalidParameterException');
  });
});
