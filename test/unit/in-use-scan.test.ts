/**
 * The in-use scan's reads against a scripted ECS: the service's own task definition always counts, revisions
 * are ordered by their number whatever order ListTaskDefinitions used, and a service's rollback candidates
 * come from ECS's record of successful service deployments when nothing is tagged.
 */
import type { ECSClient } from '@aws-sdk/client-ecs';
import { scanImagesInUse } from '../../src/images/in-use.js';

const ACCOUNT = 'arn:aws:ecs:us-east-1:123456789012';
const taskDefinitionArn = (revision: number) => `${ACCOUNT}:task-definition/shop-web:${revision}`;
const imageOf = (revision: number) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v${revision}`;
const revisionArn = (n: number) => `${ACCOUNT}:service-revision/prod/web/${n}`;

/** Answers each command by name, the way ECS would for this estate. */
function scriptedEcs(): { ecs: ECSClient; calls: string[] } {
  const calls: string[] = [];
  const answers: Record<string, (input: Record<string, unknown>) => unknown> = {
    ListServicesCommand: () => ({ serviceArns: [`${ACCOUNT}:service/prod/web`] }),
    DescribeServicesCommand: () => ({
      services: [
        {
          serviceName: 'web',
          serviceArn: `${ACCOUNT}:service/prod/web`,
          // UpdateService to :5 was just accepted; the deployments still show only :4.
          taskDefinition: taskDefinitionArn(5),
          deployments: [{ status: 'PRIMARY', taskDefinition: taskDefinitionArn(4) }],
        },
      ],
      failures: [],
    }),
    ListTasksCommand: () => ({ taskArns: [] }),
    DescribeTaskDefinitionCommand: (input) => {
      const revision = Number(String(input.taskDefinition).split(':').pop());
      return {
        taskDefinition: {
          taskDefinitionArn: taskDefinitionArn(revision),
          status: 'ACTIVE',
          containerDefinitions: [{ name: 'web', image: imageOf(revision) }],
        },
        tags: [],
      };
    },
    // Ascending although DESC was asked for: the scan must not trust the order.
    ListTaskDefinitionsCommand: () => ({ taskDefinitionArns: [1, 2, 3, 4, 5].map(taskDefinitionArn) }),
    ListServiceDeploymentsCommand: () => ({
      serviceDeployments: [
        {
          serviceDeploymentArn: 'sd-3',
          status: 'SUCCESSFUL',
          targetServiceRevisionArn: revisionArn(3),
          createdAt: new Date(3_000),
          finishedAt: new Date(3_500),
        },
        {
          serviceDeploymentArn: 'sd-4',
          status: 'SUCCESSFUL',
          targetServiceRevisionArn: revisionArn(4),
          createdAt: new Date(4_000),
          finishedAt: new Date(4_500),
        },
      ],
    }),
    DescribeServiceRevisionsCommand: (input) => ({
      serviceRevisions: (input.serviceRevisionArns as string[]).map((arn) => ({
        serviceRevisionArn: arn,
        taskDefinition: taskDefinitionArn(Number(arn.split('/').pop())),
      })),
    }),
  };
  const ecs = {
    send: (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const name = command.constructor.name;
      calls.push(name);
      const answer = answers[name];
      if (!answer) return Promise.reject(new Error(`unexpected ${name}`));
      return Promise.resolve(answer(command.input));
    },
  } as unknown as ECSClient;
  return { ecs, calls };
}

test('the scan counts the service revision, orders revisions by number and protects ECS-recorded rollback targets', async () => {
  const { ecs } = scriptedEcs();
  const scan = await scanImagesInUse({ ecs, clusters: ['prod'], rollbackRevisions: 2, concurrency: 2 });
  const images = (kind: string) =>
    [...new Set(scan.uses.filter((use) => use.kind === kind).map((use) => use.image))].sort();
  expect(images('in-use')).toEqual([imageOf(4), imageOf(5)]);
  // Candidates :4 and :3 (successful ECS deployments, older than :5) and the newest two ACTIVE, :5 and :4.
  expect(images('rollback')).toEqual([imageOf(3), imageOf(4), imageOf(5)]);
  expect(scan.uses.find((use) => use.image === imageOf(3))?.reason).toMatch(
    /^rollback target shop-web:3 of prod\/web \(target of a successful ECS service deployment finished /,
  );
});
