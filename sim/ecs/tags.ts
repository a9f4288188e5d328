/** TagResource, UntagResource and ListTagsForResource for clusters, services and task definitions. */
import { SimError } from '../errors.js';
import type { Handler } from '../protocol/handler.js';
import type { Tag } from './records.js';
import { ecsError, type EcsState } from './state.js';

/** Validates a `tags` request member ([{key, value}], at most 50, no `aws:` prefix) and returns it. */
export function readTags(value: unknown): Tag[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw ecsError.invalid('tags must be a list of {key, value}.');
  if (value.length > 50) throw ecsError.invalid('The number of tags cannot exceed 50.');
  return value.map((tag: unknown) => {
    const { key, value: tagValue } = (tag ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || key.length === 0 || key.length > 128) {
      throw ecsError.invalid('Tag keys must be between 1 and 128 characters.');
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw ecsError.invalid(`Tag key '${key}' uses the reserved prefix 'aws:'.`);
    }
    return { key, value: typeof tagValue === 'string' ? tagValue : '' };
  });
}

/** Adds or replaces tags by key. */
export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const byKey = new Map(existing.map((tag) => [tag.key, tag.value]));
  for (const tag of added) byKey.set(tag.key, tag.value);
  return [...byKey].map(([key, value]) => ({ key, value }));
}

/** The tag list of the resource an ARN names, as a holder that can be replaced. */
function resourceTags(state: EcsState, resourceArn: unknown): { tags: Tag[] } {
  if (typeof resourceArn !== 'string' || !resourceArn.startsWith('arn:')) {
    throw ecsError.invalid('resourceArn must be an ARN.');
  }
  const resource = resourceArn.split(':').slice(5).join(':');
  const notFound = () => new SimError('ResourceNotFoundException', 'The specified resource was not found.');
  if (resource.startsWith('task-definition/')) {
    const record = state.findTaskDefinition(resourceArn);
    if (!record) throw notFound();
    return record;
  }
  const [kind, clusterName, serviceName] = resource.split('/');
  const cluster = clusterName ? state.clusters.get(clusterName) : undefined;
  if (kind === 'cluster' && cluster) return cluster;
  if (kind === 'service' && cluster && serviceName) {
    const service = cluster.services.get(serviceName);
    if (service && service.status !== 'INACTIVE') return service;
  }
  throw notFound();
}

/** The tagging handlers. */
export function tagHandlers(state: EcsState): Record<string, Handler> {
  return {
    TagResource(params: { resourceArn?: unknown; tags?: unknown }) {
      const holder = resourceTags(state, params.resourceArn);
      const tags = readTags(params.tags);
      if (tags.length === 0) throw ecsError.invalid('tags must not be empty.');
      holder.tags = mergeTags(holder.tags, tags);
      return {};
    },
    UntagResource(params: { resourceArn?: unknown; tagKeys?: unknown }) {
      const holder = resourceTags(state, params.resourceArn);
      if (!Array.isArray(params.tagKeys)) throw ecsError.invalid('tagKeys must be a list of keys.');
      const removed = new Set(params.tagKeys.map(String));
      holder.tags = holder.tags.filter((tag) => !removed.has(tag.key));
      return {};
    },
    ListTagsForResource(params: { resourceArn?: unknown }) {
      return { tags: resourceTags(state, params.resourceArn).tags };
    },
  };
}
