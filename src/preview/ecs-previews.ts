/** Reading the template service and the previews of it that run in the cluster (by their tags). */
import {
  DescribeServicesCommand,
  ListServicesCommand,
  type ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';
import { unknownClusterMessage } from '../aws/lookup-hints.js';
import { awsErrorName, wrapError } from '../errors.js';
import { PREVIEW_DEPLOYED_AT_TAG, previewNumberOf, type PreviewTag } from './naming.js';

/** A service with its tags in key/value form. */
export interface TaggedService {
  service: Service;
  tags: PreviewTag[];
}

function tagsOf(service: Service): PreviewTag[] {
  return (service.tags ?? []).map((tag) => ({ key: tag.key ?? '', value: tag.value ?? '' }));
}

/** Describes up to 10 services at a time with their tags; missing ones are left out. */
export async function describeTaggedServices(
  ecs: ECSClient,
  cluster: string,
  services: readonly string[],
): Promise<TaggedService[]> {
  const found: TaggedService[] = [];
  for (let start = 0; start < services.length; start += 10) {
    const batch = services.slice(start, start + 10);
    try {
      const response = await ecs.send(
        new DescribeServicesCommand({ cluster, services: batch, include: ['TAGS'] }),
      );
      for (const service of response.services ?? []) found.push({ service, tags: tagsOf(service) });
    } catch (error) {
      if (awsErrorName(error) === 'ClusterNotFoundException')
        throw new Error(await unknownClusterMessage(ecs, cluster));
      throw wrapError(`describing services in cluster ${cluster}`, error);
    }
  }
  return found;
}

/** One service (ACTIVE, DRAINING or INACTIVE as ECS reports it), or undefined when ECS does not know it. */
export async function findService(
  ecs: ECSClient,
  cluster: string,
  service: string,
): Promise<TaggedService | undefined> {
  return (await describeTaggedServices(ecs, cluster, [service]))[0];
}

/** Every service ARN of the cluster. */
async function listServiceArns(ecs: ECSClient, cluster: string): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const response = await ecs
      .send(new ListServicesCommand({ cluster, maxResults: 100, nextToken }))
      .catch((error: unknown) => {
        throw wrapError(`listing services of cluster ${cluster}`, error);
      });
    arns.push(...(response.serviceArns ?? []));
    nextToken = response.nextToken;
  } while (nextToken);
  return arns;
}

/** A preview service of the template, with its pull request number. */
export interface PreviewService {
  pullRequest: number;
  service: Service;
  /** Last deployment (epoch ms): the deployed-at tag, else the creation time. */
  deployedAt?: number;
}

/** The template's previews that are ACTIVE or DRAINING in the cluster. */
export async function listPreviewServices(
  ecs: ECSClient,
  cluster: string,
  template: string,
): Promise<PreviewService[]> {
  const described = await describeTaggedServices(ecs, cluster, await listServiceArns(ecs, cluster));
  return described.flatMap(({ service, tags }) => {
    const pullRequest = previewNumberOf(tags, template);
    if (pullRequest === undefined || service.status === 'INACTIVE') return [];
    const tagged = Date.parse(tags.find((tag) => tag.key === PREVIEW_DEPLOYED_AT_TAG)?.value ?? '');
    const deployedAt = Number.isFinite(tagged) ? tagged : service.createdAt?.getTime();
    return [{ pullRequest, service, deployedAt }];
  });
}
