/**
 * Denied permissions (`/_sim/deny`) as the real SDK clients see them: ECS and ECR raise
 * AccessDeniedException (HTTP 400, JSON 1.1), ELBv2 raises AccessDenied (HTTP 403, Query/XML), each with
 * IAM's message, and none of them is retried.
 */
import { describe, expect, it } from '@jest/globals';
import { DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import { DescribeServicesCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SimControl } from '../../sim/index.js';
import { useSimulator } from '../helpers/simulator.js';
import { rollingWorld } from '../helpers/worlds.js';

const harness = useSimulator({ timeScale: 100, maxAttempts: 5 });

/** The error a call rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata: Record<string, unknown> };
  }
  throw new Error('expected the call to be denied');
}

describe('/_sim/deny', () => {
  it('denies ECS, ECR and ELBv2 operations as AWS formats them, once, without retries', async () => {
    const { sim, ecs, ecr, elb } = harness();
    const control = new SimControl(sim.endpoint);
    await control.reset({ timeScale: 100 });
    await control.seed(rollingWorld());
    const principal = 'arn:aws:sts::123456789012:assumed-role/narrow/gha';
    await control.deny(
      ['ecs:ListTasks', 'ecr:Describe*', 'elasticloadbalancing:DescribeTargetGroups'],
      principal,
    );

    const listTasks = await rejection(ecs.send(new ListTasksCommand({ cluster: 'prod' })));
    expect(listTasks.name).toBe('AccessDeniedException');
    expect(listTasks.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 1 });
    expect(listTasks.message).toBe(
      `User: ${principal} is not authorized to perform: ecs:ListTasks on resource: ` +
        'arn:aws:ecs:us-east-1:123456789012:cluster/prod because no identity-based policy allows the ecs:ListTasks action',
    );
    const repositories = await rejection(ecr.send(new DescribeRepositoriesCommand({})));
    expect(repositories.name).toBe('AccessDeniedException');
    const targetGroups = await rejection(elb.send(new DescribeTargetGroupsCommand({})));
    expect(targetGroups.name).toBe('AccessDenied');
    expect(targetGroups.$metadata).toMatchObject({ httpStatusCode: 403, attempts: 1 });
    expect(targetGroups.message).toContain(
      'is not authorized to perform: elasticloadbalancing:DescribeTargetGroups because no identity-based policy allows',
    );

    // What is not denied still answers; each denied call reached the simulator exactly once.
    await expect(
      ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })),
    ).resolves.toBeDefined();
    const calls = await control.calls();
    expect(calls.filter((call) => call.fault === 'access-denied').map((call) => call.operation)).toEqual([
      'ListTasks',
      'DescribeRepositories',
      'DescribeTargetGroups',
    ]);

    await control.deny([]);
    await expect(ecs.send(new ListTasksCommand({ cluster: 'prod' }))).resolves.toBeDefined();
  });

  it('rejects an operation that is not an IAM action', async () => {
    const control = new SimControl(harness().sim.endpoint);
    await expect(control.deny(['ListTasks'])).rejects.toThrow(/not an IAM action like ecs:ListTasks/);
  });
});
