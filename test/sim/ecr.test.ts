/** The simulated ECR service against the real @aws-sdk/client-ecr (AWS JSON 1.1). */
import { createHash } from 'node:crypto';
import {
  BatchDeleteImageCommand,
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  PutImageCommand,
  paginateDescribeImages,
  paginateListImages,
} from '@aws-sdk/client-ecr';
import type { Simulator, WorldSeed } from '../../sim/index.js';
import { useSimulatorPerTest } from '../helpers/simulator.js';

const simulators = useSimulatorPerTest();
let sim: Simulator;
let ecr: ECRClient;

async function start(world: WorldSeed = {}): Promise<void> {
  ({ sim, ecr } = await simulators.start({ world, maxAttempts: 1 }));
}

function manifest(layer: string, size = 1000): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 100,
      digest: `sha256:${'c'.repeat(64)}`,
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size,
        digest: `sha256:${createHash('sha256').update(layer).digest('hex')}`,
      },
    ],
  });
}

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  return 'no error';
}

describe('registry and repositories', () => {
  test('GetAuthorizationToken returns AWS:<password>, the registry endpoint and a 12 h expiry', async () => {
    await start();
    const { authorizationData } = await ecr.send(new GetAuthorizationTokenCommand({}));
    const data = authorizationData![0];
    const decoded = Buffer.from(data.authorizationToken!, 'base64').toString('utf8');
    expect(decoded).toMatch(/^AWS:.+/);
    expect(data.proxyEndpoint).toBe('https://123456789012.dkr.ecr.us-east-1.amazonaws.com');
    const hours = (data.expiresAt!.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThan(12.1);
  });

  test('GetAuthorizationToken names the seeded registry endpoint', async () => {
    await start({ registryEndpoint: 'http://127.0.0.1:5000' });
    const { authorizationData } = await ecr.send(new GetAuthorizationTokenCommand({}));
    expect(authorizationData![0].proxyEndpoint).toBe('http://127.0.0.1:5000');
  });

  test('CreateRepository applies settings; a second create and bad names are refused', async () => {
    await start();
    const { repository } = await ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'team/shop-web',
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: { encryptionType: 'KMS' },
        tags: [{ Key: 'team', Value: 'shop' }],
      }),
    );
    expect(repository).toMatchObject({
      repositoryName: 'team/shop-web',
      repositoryArn: 'arn:aws:ecr:us-east-1:123456789012:repository/team/shop-web',
      repositoryUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/shop-web',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: { encryptionType: 'KMS', kmsKey: 'alias/aws/ecr' },
    });
    expect(repository!.createdAt).toBeInstanceOf(Date);
    expect(await errorName(ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/shop-web' })))).toBe(
      'RepositoryAlreadyExistsException',
    );
    for (const bad of ['Shop', 'a', 'shop-', 'shop//web', '-shop']) {
      expect(await errorName(ecr.send(new CreateRepositoryCommand({ repositoryName: bad })))).toBe(
        'InvalidParameterException',
      );
    }
    expect(
      await errorName(
        ecr.send(
          new CreateRepositoryCommand({ repositoryName: 'x1', imageTagMutability: 'SOMETIMES' as never }),
        ),
      ),
    ).toBe('InvalidParameterException');
  });

  test('DescribeRepositories pages with maxResults and nextToken, and names missing ones', async () => {
    await start({ repositories: Array.from({ length: 25 }, (_, i) => ({ name: `repo-${i}` })) });
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await ecr.send(new DescribeRepositoriesCommand({ maxResults: 10, nextToken }));
      names.push(...page.repositories!.map((repository) => repository.repositoryName!));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(names).toEqual(Array.from({ length: 25 }, (_, i) => `repo-${i}`));
    const named = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['repo-3'] }));
    expect(named.repositories!.map((repository) => repository.repositoryName)).toEqual(['repo-3']);
    expect(await errorName(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['nope'] })))).toBe(
      'RepositoryNotFoundException',
    );
    expect(await errorName(ecr.send(new DescribeRepositoriesCommand({ maxResults: 1001 })))).toBe(
      'InvalidParameterException',
    );
  });

  test('DeleteRepository refuses a repository with images unless forced', async () => {
    await start({ repositories: [{ name: 'shop', images: [{ tags: ['v1'] }] }, { name: 'empty' }] });
    expect(await errorName(ecr.send(new DeleteRepositoryCommand({ repositoryName: 'shop' })))).toBe(
      'RepositoryNotEmptyException',
    );
    await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'shop', force: true }));
    await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'empty' }));
    expect(sim.world.ecr.repositories.size).toBe(0);
    expect(await errorName(ecr.send(new DeleteRepositoryCommand({ repositoryName: 'shop' })))).toBe(
      'RepositoryNotFoundException',
    );
  });
});

describe('PutImage', () => {
  test('the digest is the sha256 of the manifest bytes; the size is config plus layers', async () => {
    await start({ repositories: [{ name: 'shop' }] });
    const body = manifest('one', 5000);
    const { image } = await ecr.send(
      new PutImageCommand({ repositoryName: 'shop', imageManifest: body, imageTag: 'v1' }),
    );
    expect(image!.imageId).toEqual({ imageDigest: sha256(body), imageTag: 'v1' });
    expect(image!.imageManifestMediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    const { imageDetails } = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'shop', imageIds: [{ imageTag: 'v1' }] }),
    );
    expect(imageDetails![0]).toMatchObject({
      imageDigest: sha256(body),
      imageTags: ['v1'],
      imageSizeInBytes: 5100,
      artifactMediaType: 'application/vnd.docker.container.image.v1+json',
    });
    expect(imageDetails![0].imagePushedAt).toBeInstanceOf(Date);
  });

  test('on a mutable repository a tag moves to the new image; the old one stays untagged', async () => {
    await start({ repositories: [{ name: 'shop' }] });
    await ecr.send(
      new PutImageCommand({ repositoryName: 'shop', imageManifest: manifest('a'), imageTag: 'latest' }),
    );
    await ecr.send(
      new PutImageCommand({ repositoryName: 'shop', imageManifest: manifest('b'), imageTag: 'latest' }),
    );
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName: 'shop' }));
    const byDigest = new Map(imageDetails!.map((image) => [image.imageDigest, image.imageTags]));
    expect(byDigest.get(sha256(manifest('a')))).toBeUndefined();
    expect(byDigest.get(sha256(manifest('b')))).toEqual(['latest']);
    const moved = sim.world.timeline.find((event) => event.type === 'ecr.image-pushed' && event.tagMovedFrom);
    expect(moved).toMatchObject({ tag: 'latest', tagMovedFrom: sha256(manifest('a')) });
  });

  test('an immutable repository refuses to move a tag; the same manifest and tag again is ImageAlreadyExists', async () => {
    await start({ repositories: [{ name: 'shop', imageTagMutability: 'IMMUTABLE' }] });
    await ecr.send(
      new PutImageCommand({ repositoryName: 'shop', imageManifest: manifest('a'), imageTag: 'v1' }),
    );
    expect(
      await errorName(
        ecr.send(
          new PutImageCommand({ repositoryName: 'shop', imageManifest: manifest('b'), imageTag: 'v1' }),
        ),
      ),
    ).toBe('ImageTagAlreadyExistsException');
    expect(
      await errorName(
        ecr.send(
          new PutImageCommand({ repositoryName: 'shop', imageManifest: manifest('a'), imageTag: 'v1' }),
        ),
      ),
    ).toBe('ImageAlreadyExistsException');
    // A second tag on the same image is allowed (that is how promotion retags).
    await ecr.send(
      new PutImageCommand({ repositoryName: 'shop', imageManifest: manifest('a'), imageTag: 'prod' }),
    );
    const { imageDetails } = await ecr.send(new DescribeImagesCommand({ repositoryName: 'shop' }));
    expect(imageDetails!.map((image) => image.imageTags)).toEqual([['v1', 'prod']]);
  });

  test('IMMUTABLE_WITH_EXCLUSION lets excluded tags move', async () => {
    await start({
      repositories: [
        {
          name: 'shop',
          imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
          imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'latest*' }],
        },
      ],
    });
    await ecr.send(
      new PutImageCommand({ repositoryName: 'shop', imageManifest: manifest('a'), imageTag: 'latest' }),
    );
    await ecr.send(
      new PutImageCommand({ repositoryName: 'shop', imageManifest: manifest('b'), imageTag: 'latest' }),
    );
    await ecr.send(
      new PutImageCommand({ repositoryName: 'shop', imageManifest: manifest('b'), imageTag: 'v1' }),
    );
    expect(
      await errorName(
        ecr.send(
          new PutImageCommand({ repositoryName: 'shop', imageManifest: manifest('a'), imageTag: 'v1' }),
        ),
      ),
    ).toBe('ImageTagAlreadyExistsException');
  });

  test('a wrong imageDigest, bad JSON, a bad tag and an unknown repository are refused', async () => {
    await start({ repositories: [{ name: 'shop' }] });
    const put = (input: Partial<ConstructorParameters<typeof PutImageCommand>[0]>) =>
      errorName(
        ecr.send(new PutImageCommand({ repositoryName: 'shop', imageManifest: manifest('a'), ...input })),
      );
    expect(await put({ imageDigest: sha256('something else') })).toBe('ImageDigestDoesNotMatchException');
    expect(await put({ imageManifest: '{not json' })).toBe('InvalidParameterException');
    expect(await put({ imageTag: '-bad tag' })).toBe('InvalidParameterException');
    expect(await put({ repositoryName: 'nope' })).toBe('RepositoryNotFoundException');
    expect(await put({ imageDigest: sha256(manifest('a')), imageTag: 'ok' })).toBe('no error');
    expect(await put({})).toBe('ImageAlreadyExistsException');
  });
});

describe('DescribeImages and ListImages', () => {
  const many = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      tags: i % 3 === 0 ? [] : i % 3 === 1 ? [`t${i}`] : [`t${i}`, `u${i}`],
      pushedAt: Date.UTC(2026, 0, 1) + i * 60_000,
      sizeBytes: 1000 + i,
    }));

  test('DescribeImages pages at most 1000 with a nextToken and filters by tag status', async () => {
    await start({ repositories: [{ name: 'big', images: many(2500) }] });
    const first = await ecr.send(new DescribeImagesCommand({ repositoryName: 'big' }));
    expect(first.imageDetails).toHaveLength(100);
    expect(first.nextToken).toBeDefined();
    const all = [];
    let pages = 0;
    for await (const page of paginateDescribeImages(
      { client: ecr, pageSize: 1000 },
      { repositoryName: 'big' },
    )) {
      expect(page.imageDetails!.length).toBeLessThanOrEqual(1000);
      all.push(...page.imageDetails!);
      pages++;
    }
    expect(pages).toBe(3);
    expect(all).toHaveLength(2500);
    expect(new Set(all.map((image) => image.imageDigest)).size).toBe(2500);
    expect(all[7]).toMatchObject({
      imageSizeInBytes: 1007,
      imagePushedAt: new Date(Date.UTC(2026, 0, 1) + 7 * 60_000),
    });
    const untagged = [];
    for await (const page of paginateDescribeImages(
      { client: ecr, pageSize: 1000 },
      { repositoryName: 'big', filter: { tagStatus: 'UNTAGGED' } },
    )) {
      untagged.push(...page.imageDetails!);
    }
    expect(untagged).toHaveLength(834);
    expect(untagged.every((image) => image.imageTags === undefined)).toBe(true);
    expect(
      await errorName(ecr.send(new DescribeImagesCommand({ repositoryName: 'big', maxResults: 1001 }))),
    ).toBe('InvalidParameterException');
    expect(
      await errorName(ecr.send(new DescribeImagesCommand({ repositoryName: 'big', nextToken: 'garbage' }))),
    ).toBe('InvalidParameterException');
  });

  test('DescribeImages by tag or digest; unknown ids are ImageNotFoundException', async () => {
    await start({ repositories: [{ name: 'shop', images: [{ tags: ['v1', 'latest'] }, { tags: ['v2'] }] }] });
    const { imageDetails } = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'shop', imageIds: [{ imageTag: 'latest' }] }),
    );
    expect(imageDetails![0].imageTags).toEqual(['v1', 'latest']);
    const digest = imageDetails![0].imageDigest!;
    const byDigest = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'shop', imageIds: [{ imageDigest: digest }] }),
    );
    expect(byDigest.imageDetails![0].imageTags).toEqual(['v1', 'latest']);
    expect(
      await errorName(
        ecr.send(new DescribeImagesCommand({ repositoryName: 'shop', imageIds: [{ imageTag: 'v9' }] })),
      ),
    ).toBe('ImageNotFoundException');
    expect(await errorName(ecr.send(new DescribeImagesCommand({ repositoryName: 'nope' })))).toBe(
      'RepositoryNotFoundException',
    );
  });

  test('ListImages lists one id per tag, pages at 1000 and filters', async () => {
    await start({ repositories: [{ name: 'big', images: many(1200) }] });
    const ids = [];
    let pages = 0;
    for await (const page of paginateListImages({ client: ecr, pageSize: 1000 }, { repositoryName: 'big' })) {
      expect(page.imageIds!.length).toBeLessThanOrEqual(1000);
      ids.push(...page.imageIds!);
      pages++;
    }
    // 400 untagged (one id each), 400 with one tag, 400 with two tags.
    expect(ids).toHaveLength(400 + 400 + 800);
    expect(pages).toBe(2);
    expect(new Set(ids.map((id) => `${id.imageDigest}:${id.imageTag}`)).size).toBe(1600);
    const tagged = [];
    for await (const page of paginateListImages(
      { client: ecr, pageSize: 1000 },
      { repositoryName: 'big', filter: { tagStatus: 'TAGGED' } },
    )) {
      tagged.push(...page.imageIds!);
    }
    expect(tagged).toHaveLength(1200);
    expect(tagged.every((id) => id.imageTag)).toBe(true);
  });

  test('paging survives a deletion between pages', async () => {
    await start({ repositories: [{ name: 'shop', images: many(30) }] });
    const first = await ecr.send(new DescribeImagesCommand({ repositoryName: 'shop', maxResults: 10 }));
    const lastSeen = first.imageDetails![9].imageDigest!;
    await ecr.send(
      new BatchDeleteImageCommand({ repositoryName: 'shop', imageIds: [{ imageDigest: lastSeen }] }),
    );
    const rest = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'shop', maxResults: 100, nextToken: first.nextToken }),
    );
    const seen = new Set([...first.imageDetails!, ...rest.imageDetails!].map((image) => image.imageDigest));
    expect(seen.size).toBe(30);
  });
});

describe('BatchGetImage and BatchDeleteImage', () => {
  test('BatchGetImage returns manifests and reports missing ids as failures', async () => {
    await start({ repositories: [{ name: 'shop', images: [{ tags: ['v1'], sizeBytes: 4242 }] }] });
    const { images, failures } = await ecr.send(
      new BatchGetImageCommand({
        repositoryName: 'shop',
        imageIds: [{ imageTag: 'v1' }, { imageTag: 'v2' }, { imageDigest: sha256('missing') }],
      }),
    );
    expect(images).toHaveLength(1);
    expect(images![0].imageId!.imageDigest).toBe(sha256(images![0].imageManifest!));
    expect(images![0].imageManifestMediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(failures!.map((failure) => failure.failureCode)).toEqual(['ImageNotFound', 'ImageNotFound']);
  });

  test('deleting by tag removes only that tag; the last tag or the digest deletes the image', async () => {
    await start({ repositories: [{ name: 'shop', images: [{ tags: ['v1', 'latest'] }, { tags: ['v2'] }] }] });
    const digestOf = async (tag: string) =>
      (await ecr.send(new DescribeImagesCommand({ repositoryName: 'shop', imageIds: [{ imageTag: tag }] })))
        .imageDetails![0].imageDigest!;
    const v1 = await digestOf('v1');
    const v2 = await digestOf('v2');
    const untag = await ecr.send(
      new BatchDeleteImageCommand({ repositoryName: 'shop', imageIds: [{ imageTag: 'latest' }] }),
    );
    expect(untag.imageIds).toEqual([{ imageDigest: v1, imageTag: 'latest' }]);
    expect(sim.world.ecr.repository('shop').byDigest(v1)?.tags).toEqual(['v1']);
    await ecr.send(new BatchDeleteImageCommand({ repositoryName: 'shop', imageIds: [{ imageTag: 'v1' }] }));
    expect(sim.world.ecr.repository('shop').byDigest(v1)).toBeUndefined();
    const byDigest = await ecr.send(
      new BatchDeleteImageCommand({
        repositoryName: 'shop',
        imageIds: [
          { imageDigest: v2 },
          { imageDigest: v1 },
          { imageTag: 'gone' },
          {},
          { imageDigest: 'sha256:nothex' },
        ],
      }),
    );
    expect(byDigest.imageIds).toEqual([{ imageDigest: v2 }]);
    expect(byDigest.failures!.map((failure) => failure.failureCode)).toEqual([
      'ImageNotFound',
      'ImageNotFound',
      'MissingDigestAndTag',
      'InvalidImageDigest',
    ]);
    expect(sim.world.ecr.repository('shop').size).toBe(0);
    const types = sim.world.timeline.map((event) => event.type);
    expect(types.filter((type) => type === 'ecr.image-deleted')).toHaveLength(2);
    expect(types).toContain('ecr.image-untagged');
  });

  test('more than 100 ids is InvalidParameterException and deletes nothing', async () => {
    await start({ repositories: [{ name: 'shop', images: Array.from({ length: 101 }, () => ({})) }] });
    const imageIds = sim.world.ecr.listImages('shop').map((image) => ({ imageDigest: image.digest }));
    expect(await errorName(ecr.send(new BatchDeleteImageCommand({ repositoryName: 'shop', imageIds })))).toBe(
      'InvalidParameterException',
    );
    expect(sim.world.ecr.repository('shop').size).toBe(101);
    const ok = await ecr.send(
      new BatchDeleteImageCommand({ repositoryName: 'shop', imageIds: imageIds.slice(0, 100) }),
    );
    expect(ok.imageIds).toHaveLength(100);
  });

  test('a multi-arch index keeps its children: they cannot be deleted while it exists', async () => {
    await start({
      repositories: [
        {
          name: 'shop',
          images: [
            {
              tags: ['v1'],
              children: [
                { platform: 'linux/amd64', sizeBytes: 100 },
                { platform: 'linux/arm64', sizeBytes: 200 },
              ],
            },
          ],
        },
      ],
    });
    const stored = sim.world.ecr.listImages('shop');
    expect(stored).toHaveLength(3);
    const index = stored.find((image) => image.tags.includes('v1'))!;
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.digest).toBe(sha256(index.manifest));
    const children = stored.filter((image) => image !== index);
    expect(index.children).toEqual(children.map((child) => child.digest));
    const { imageDetails } = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'shop', filter: { tagStatus: 'UNTAGGED' } }),
    );
    expect(imageDetails!.map((image) => image.imageDigest).sort()).toEqual(
      children.map((child) => child.digest).sort(),
    );

    const refused = await ecr.send(
      new BatchDeleteImageCommand({
        repositoryName: 'shop',
        imageIds: [{ imageDigest: children[0].digest }],
      }),
    );
    expect(refused.failures![0].failureCode).toBe('ImageReferencedByManifestList');
    // Children listed before their index in the same request still go: indexes are deleted first.
    const together = await ecr.send(
      new BatchDeleteImageCommand({
        repositoryName: 'shop',
        imageIds: [
          ...children.map((child) => ({ imageDigest: child.digest })),
          { imageDigest: index.digest },
        ],
      }),
    );
    expect(together.failures).toEqual([]);
    expect(sim.world.ecr.repository('shop').size).toBe(0);
  });

  test('PutImage of an index needs its children in the repository', async () => {
    await start({ repositories: [{ name: 'shop' }] });
    const child = manifest('arm');
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          digest: sha256(child),
          size: child.length,
        },
      ],
    });
    expect(
      await errorName(
        ecr.send(new PutImageCommand({ repositoryName: 'shop', imageManifest: index, imageTag: 'v1' })),
      ),
    ).toBe('ReferencedImagesNotFoundException');
    await ecr.send(new PutImageCommand({ repositoryName: 'shop', imageManifest: child }));
    const { image } = await ecr.send(
      new PutImageCommand({ repositoryName: 'shop', imageManifest: index, imageTag: 'v1' }),
    );
    expect(image!.imageManifestMediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(sim.world.ecr.repository('shop').parentsOf(sha256(child))).toEqual([sha256(index)]);
  });
});

describe('faults and the call log', () => {
  test('throttling is retried by the SDK and then surfaces as ThrottlingException; calls are logged', async () => {
    await start({ repositories: [{ name: 'shop', images: [{ tags: ['v1'] }] }] });
    sim.world.faults.configure({
      rules: [{ service: 'ecr', operation: 'DescribeImages', throttlePercent: 100 }],
    });
    const retrying = new ECRClient({
      region: 'us-east-1',
      endpoint: sim.endpoint,
      credentials: { accessKeyId: 'AKIASIM', secretAccessKey: 'sim' },
      maxAttempts: 3,
    });
    expect(await errorName(retrying.send(new DescribeImagesCommand({ repositoryName: 'shop' })))).toBe(
      'ThrottlingException',
    );
    retrying.destroy();
    const calls = sim.world.log.list().filter((call) => call.operation === 'DescribeImages');
    expect(calls).toHaveLength(3);
    expect(calls.every((call) => call.fault === 'throttle' && !call.mutating)).toBe(true);
    sim.world.faults.configure({});
    await ecr.send(new BatchDeleteImageCommand({ repositoryName: 'shop', imageIds: [{ imageTag: 'v1' }] }));
    const last = sim.world.log.list().at(-1)!;
    expect(last).toMatchObject({
      service: 'ecr',
      operation: 'BatchDeleteImage',
      mutating: true,
      outcome: 'ok',
    });
  });

  test('a rule can fail exactly the nth matching call with a given service error, which changes nothing', async () => {
    await start({ repositories: [{ name: 'shop', images: [{ tags: ['v1'] }] }] });
    sim.world.faults.configure({
      rules: [
        {
          service: 'ecr',
          operation: 'PutImage',
          calls: [2],
          error: { code: 'KmsException', message: 'the KMS key is disabled' },
        },
      ],
    });
    const image = sim.world.ecr.repository('shop').byTag('v1')!;
    const put = (tag: string) =>
      ecr.send(
        new PutImageCommand({
          repositoryName: 'shop',
          imageManifest: image.manifest,
          imageManifestMediaType: image.mediaType,
          imageTag: tag,
        }),
      );
    await put('a');
    expect(await errorName(put('b'))).toBe('KmsException');
    await put('c');
    expect(sim.world.ecr.repository('shop').byDigest(image.digest)!.tags.sort()).toEqual(['a', 'c', 'v1']);
    const faults = sim.world.log.list().filter((call) => call.operation === 'PutImage');
    expect(faults.map((call) => [call.fault, call.errorCode])).toEqual([
      [undefined, undefined],
      ['error', 'KmsException'],
      [undefined, undefined],
    ]);
  });
});
