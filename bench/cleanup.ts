/**
 * cleanup-ecr benchmark: 100,000 images across 50 repositories, 90% to delete, with a small ECS estate to
 * scan. ecs-kit's engine (inventory, in-use scan, plan, batched delete) versus a naive loop that lists the
 * same images and deletes one image per call, side by side on identical fresh simulators.
 *
 *   API calls versus the minimum: Σ⌈images/1000⌉ DescribeImages pages + Σ⌈deletions/100⌉ BatchDeleteImage
 *   calls + 1 DescribeRepositories + the in-use scan's minimum for the seeded estate (derived below).
 *
 * The naive loop sends one request per deleted image, strictly in sequence, so its cost is linear in the
 * repositories it covers: it runs on BENCH_NAIVE_REPOSITORIES of them (default 5; set it to
 * BENCH_REPOSITORIES for the full ~10-minute loop) and the table scales its measured calls and time to all.
 *
 * Run: npx tsx bench/cleanup.ts (BENCH_REPOSITORIES, BENCH_IMAGES_PER_REPOSITORY to change the size).
 */
import { BatchDeleteImageCommand, DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { createAwsClients, destroyAwsClients } from '../src/aws/clients.js';
import type { Clock } from '../src/clock.js';
import { cleanupEcr } from '../src/images/cleanup.js';
import { silentLogger } from '../src/logger.js';
import type { ImageSeed } from '../sim/ecr/model.js';
import { startSimulator, type Simulator, type WorldSeed } from '../sim/index.js';
import { webTaskDefinition } from '../test/helpers/worlds.js';

const REPOSITORIES = Number(process.env.BENCH_REPOSITORIES ?? 50);
const PER_REPOSITORY = Number(process.env.BENCH_IMAGES_PER_REPOSITORY ?? 2000);
const KEEP_NEWEST = Math.round(PER_REPOSITORY * 0.1);
const NAIVE_REPOSITORIES = Math.min(REPOSITORIES, Number(process.env.BENCH_NAIVE_REPOSITORIES ?? 5));
const CLUSTERS = 2;
const SERVICES_PER_CLUSTER = 5;
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const DAY = 86_400_000;

const repositoryName = (index: number) => `team-${String(index).padStart(2, '0')}/service`;

/** The world: repositories of untagged-and-tagged builds, and services that run old builds. */
function world(now: number): WorldSeed {
  const repositories = Array.from({ length: REPOSITORIES }, (_, r) => ({
    name: repositoryName(r),
    images: Array.from({ length: PER_REPOSITORY }, (_, i): ImageSeed => ({
      tags: i % 4 === 3 ? [] : [`build-${i}`],
      pushedAt: now - (i + 1) * (DAY / 10),
      sizeBytes: 20_000_000 + ((r * 7919 + i * 104729) % 50_000_000),
    })),
  }));
  // Services run builds outside the newest 10%, so the scan matters: each protects one image.
  const taskDefinitions: Record<string, unknown>[] = [];
  const services: NonNullable<WorldSeed['services']> = [];
  for (let c = 0; c < CLUSTERS; c++) {
    for (let s = 0; s < SERVICES_PER_CLUSTER; s++) {
      const family = `app-${c}-${s}`;
      const repository = repositoryName((c * SERVICES_PER_CLUSTER + s) % REPOSITORIES);
      taskDefinitions.push({
        ...webTaskDefinition(`${REGISTRY}/${repository}:build-${PER_REPOSITORY - 4 - s * 4}`),
        family,
        networkMode: 'bridge',
        requiresCompatibilities: ['EC2'],
      });
      services.push({
        cluster: `cluster-${c}`,
        serviceName: `svc-${s}`,
        taskDefinition: `${family}:1`,
        desiredCount: 2,
        launchType: 'EC2',
      });
    }
  }
  return {
    repositories,
    clusters: Array.from({ length: CLUSTERS }, (_, c) => ({ name: `cluster-${c}` })),
    taskDefinitions,
    services,
  };
}

/** The fewest calls any correct tool needs for this world (in-use scan for the seeded ECS estate included). */
function minimumCalls(deletionsPerRepository: number[]): { ecr: number; scan: number } {
  const pages = REPOSITORIES * Math.ceil(PER_REPOSITORY / 1000);
  const deletes = deletionsPerRepository.reduce((sum, count) => sum + Math.ceil(count / 100), 0);
  const services = SERVICES_PER_CLUSTER;
  const tasks = services * 2;
  const perCluster = 1 + Math.ceil(services / 10) + 1 + Math.ceil(tasks / 100);
  const families = CLUSTERS * SERVICES_PER_CLUSTER;
  // ListClusters + per cluster (list + describe services, list + describe tasks) + one DescribeTaskDefinition
  // per distinct revision + one ListTaskDefinitions per family for rollback targets.
  const scan = 1 + CLUSTERS * perCluster + families + families;
  return { ecr: 1 + pages + deletes, scan };
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

function useSimulator(sim: Simulator): void {
  process.env.AWS_ENDPOINT_URL = sim.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'AKIASIMULATOR';
  process.env.AWS_SECRET_ACCESS_KEY = 'simulator-secret';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
}

async function runKit(now: number) {
  const sim = await startSimulator({ world: world(now) });
  useSimulator(sim);
  const started = performance.now();
  const clients = await createAwsClients({ region: 'us-east-1' });
  const result = await cleanupEcr({
    clients,
    repositories: ['*'],
    clusters: [],
    rules: {
      keepNewest: KEEP_NEWEST,
      keepTags: [],
      keepNewestMatching: [],
      deleteTags: [],
      deleteUnkept: true,
    },
    rollbackRevisions: 3,
    dryRun: false,
    concurrency: 4,
    clock: realClock,
    logger: silentLogger,
  });
  const wallMs = performance.now() - started;
  destroyAwsClients(clients);
  const log = sim.world.log.list();
  const remainingImages = [...sim.world.ecr.repositories.values()].reduce(
    (sum, repository) => sum + repository.size,
    0,
  );
  await sim.stop();
  const deletionsPerRepository = Array.from(
    { length: REPOSITORIES },
    (_, r) => result.plan.delete.filter((image) => image.repository === repositoryName(r)).length,
  );
  return {
    wallMs,
    calls: log.length,
    ecrCalls: log.filter((call) => call.service === 'ecr').length,
    scanCalls: log.filter((call) => call.service === 'ecs').length,
    deleted: result.outcome?.deleted.length ?? 0,
    protectedCount: result.plan.decisions.filter((decision) => decision.rule === 'in-use').length,
    remainingImages,
    deletionsPerRepository,
  };
}

/** The naive loop: list each repository, keep the newest N, delete the rest one call per image. */
async function runNaive(now: number) {
  const sim = await startSimulator({ world: world(now) });
  const ecr = new ECRClient({
    region: 'us-east-1',
    endpoint: sim.endpoint,
    credentials: { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'simulator-secret' },
    retryMode: 'adaptive',
    maxAttempts: 8,
  });
  const started = performance.now();
  let deleted = 0;
  for (let r = 0; r < NAIVE_REPOSITORIES; r++) {
    const repository = repositoryName(r);
    const images: { digest: string; pushedAt: number }[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecr.send(new DescribeImagesCommand({ repositoryName: repository, nextToken }));
      for (const detail of page.imageDetails ?? []) {
        images.push({ digest: detail.imageDigest!, pushedAt: detail.imagePushedAt!.getTime() });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    images.sort((a, b) => b.pushedAt - a.pushedAt);
    for (const image of images.slice(KEEP_NEWEST)) {
      await ecr.send(
        new BatchDeleteImageCommand({
          repositoryName: repository,
          imageIds: [{ imageDigest: image.digest }],
        }),
      );
      deleted++;
    }
  }
  const wallMs = performance.now() - started;
  const calls = sim.world.log.list().length;
  ecr.destroy();
  await sim.stop();
  return { wallMs, calls, deleted };
}

const now = Date.now();
const total = REPOSITORIES * PER_REPOSITORY;
console.log(
  `cleanup-ecr: ${total.toLocaleString('en')} images in ${REPOSITORIES} repositories, keep newest ${KEEP_NEWEST} each`,
);
const kit = await runKit(now);
const naive = await runNaive(now);
const minimum = minimumCalls(kit.deletionsPerRepository);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const scale = REPOSITORIES / NAIVE_REPOSITORIES;
const naiveLabel =
  scale === 1 ? 'naive loop' : `naive loop (${NAIVE_REPOSITORIES} repos measured, x${scale})`;
const rows = [
  ['', 'ecs-kit', naiveLabel, 'minimum'],
  ['images deleted', kit.deleted, Math.round(naive.deleted * scale), ''],
  ['API calls (total)', kit.calls, Math.round(naive.calls * scale), minimum.ecr + minimum.scan],
  ['  ECR calls', kit.ecrCalls, Math.round(naive.calls * scale), minimum.ecr],
  ['  in-use scan calls (ECS)', kit.scanCalls, 0, minimum.scan],
  ['wall time', seconds(kit.wallMs), seconds(naive.wallMs * scale), ''],
  ['in-use images protected', kit.protectedCount, 'none (no scan)', ''],
];
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
for (const row of rows)
  console.log(row.map((value, column) => String(value).padEnd(widths[column])).join('  '));
console.log(
  `calls vs minimum: ${(kit.calls / (minimum.ecr + minimum.scan)).toFixed(3)}x; naive/kit calls: ${((naive.calls * scale) / kit.calls).toFixed(1)}x; naive/kit wall time: ${((naive.wallMs * scale) / kit.wallMs).toFixed(1)}x`,
);
if (kit.remainingImages !== total - kit.deleted)
  throw new Error('the simulator does not hold the expected images');
