/** protectionsFor: image references from the in-use scan to protected digests of the repositories in scope. */
import { protectionsFor, splitImageReference } from '../../src/images/protections.js';
import type { ImageUse } from '../../src/images/in-use.js';
import type { InventoryImage } from '../../src/images/retention-types.js';

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const repositories = [
  { name: 'shop', uri: `${HOST}/shop`, registryId: '123456789012' },
  { name: 'team/api', uri: `${HOST}/team/api`, registryId: '123456789012' },
];
const images: InventoryImage[] = [
  { repository: 'shop', digest: digest(1), tags: ['v1', 'latest'], pushedAt: 0, sizeBytes: 1, children: [] },
  { repository: 'shop', digest: digest(2), tags: ['v2'], pushedAt: 0, sizeBytes: 1, children: [] },
  { repository: 'team/api', digest: digest(3), tags: ['v1'], pushedAt: 0, sizeBytes: 1, children: [] },
];
const use = (image: string, extra: Partial<ImageUse> = {}): ImageUse => ({
  image,
  kind: 'in-use',
  reason: 'test',
  ...extra,
});

test('splitImageReference reads tags, digests, registry ports and the implicit latest', () => {
  expect(splitImageReference(`${HOST}/shop:v1`)).toEqual({
    name: `${HOST}/shop`,
    tag: 'v1',
    digest: undefined,
  });
  expect(splitImageReference(`${HOST}/shop@${digest(2)}`)).toEqual({
    name: `${HOST}/shop`,
    tag: undefined,
    digest: digest(2),
  });
  expect(splitImageReference(`${HOST}/shop:v1@${digest(2)}`)).toMatchObject({ tag: 'v1', digest: digest(2) });
  expect(splitImageReference('localhost:5000/shop')).toEqual({
    name: 'localhost:5000/shop',
    tag: 'latest',
    digest: undefined,
  });
});

test('tags resolve through the inventory, digests protect as written, other registries are ignored', () => {
  const { protections, unresolved } = protectionsFor(
    {
      uses: [
        use(`${HOST}/shop:v1`),
        use(`${HOST}/shop@${digest(2)}`, { kind: 'rollback' }),
        use(`${HOST}/team/api`),
        use(`${HOST}/team/api:gone`),
        use('nginx:1.27'),
        use(`999999999999.dkr.ecr.us-east-1.amazonaws.com/shop:v2`),
        use(`${HOST}/shop:moved`, { digest: digest(2) }),
      ],
    },
    repositories,
    images,
  );
  expect(
    protections.map((protection) => [protection.repository, protection.digest, protection.kind]),
  ).toEqual([
    ['shop', digest(1), 'in-use'],
    ['shop', digest(2), 'rollback'],
    ['shop', digest(2), 'in-use'],
  ]);
  expect(unresolved.map((entry) => entry.why)).toEqual([
    "tag 'latest' is not in team/api",
    "tag 'gone' is not in team/api",
  ]);
});
