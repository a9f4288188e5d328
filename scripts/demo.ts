/**
 * `npm run demo`: the simulator answering the real AWS SDK. Starts a simulator with a seeded world
 * (cluster `prod`, service `web` behind target group `web-tg`, ECR repository `shop`), shows what the
 * SDK sees, then rolls the service to a new revision and watches the targets over simulated time.
 */
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import {
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startSimulator } from '../sim/index.js';
import { rollingWorld, webTaskDefinition } from '../test/helpers/worlds.js';

const TIME_SCALE = 200;
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

const sim = await startSimulator({ timeScale: TIME_SCALE, seed: 7, world: rollingWorld() });
const clientConfig = {
  region: 'us-east-1',
  endpoint: sim.endpoint,
  credentials: { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'simulator-secret' },
};
const ecs = new ECSClient(clientConfig);
const elb = new ElasticLoadBalancingV2Client(clientConfig);
const ecr = new ECRClient(clientConfig);

try {
  console.log(bold(`simulator on ${sim.endpoint}, time x${TIME_SCALE}`));
  const clusters = await ecs.send(new ListClustersCommand({}));
  console.log(`clusters: ${clusters.clusterArns?.join(', ')}`);
  const images = await ecr.send(new DescribeImagesCommand({ repositoryName: 'shop' }));
  for (const image of images.imageDetails ?? []) {
    console.log(
      `ecr shop: ${image.imageTags?.join(',')} ${image.imageDigest} ${image.imageSizeInBytes} bytes`,
    );
  }
  const [targetGroup] =
    (await elb.send(new DescribeTargetGroupsCommand({ Names: ['web-tg'] }))).TargetGroups ?? [];
  const showTargets = async () => {
    const health = await elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: targetGroup.TargetGroupArn }),
    );
    return (health.TargetHealthDescriptions ?? [])
      .map((target) => `${target.Target?.Id}=${target.TargetHealth?.State}`)
      .join(' ');
  };
  console.log(`targets of web-tg: ${await showTargets()}`);

  console.log(bold('\nrolling service web to shop:v2'));
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand(
      webTaskDefinition('123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2') as never,
    ),
  );
  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'prod',
      service: 'web',
      taskDefinition: registered.taskDefinition?.taskDefinitionArn,
    }),
  );
  const started = sim.world.clock.now();
  for (let i = 0; i < 120; i++) {
    const [service] =
      (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services ?? [];
    const primary = service?.deployments?.find((deployment) => deployment.status === 'PRIMARY');
    const elapsed = Math.round((sim.world.clock.now() - started) / 1000);
    console.log(
      `t+${String(elapsed).padStart(4)}s  ${primary?.rolloutState} running ${primary?.runningCount}/${primary?.desiredCount}  ${await showTargets()}`,
    );
    if (primary?.rolloutState !== 'IN_PROGRESS') break;
    await new Promise((resolve) => setTimeout(resolve, 15_000 / TIME_SCALE));
  }
  const calls = sim.world.log.list();
  console.log(bold(`\n${calls.length} API calls recorded by the simulator`));
} finally {
  await sim.stop();
}
