/** AddTags, RemoveTags and DescribeTags on load balancers, target groups, listeners and rules. */
import type { Handler } from '../../protocol/handler.js';
import { arnKind } from '../arns.js';
import type { ElbContext } from '../context.js';
import { optionalStringList, validationError, type QueryParams } from '../params.js';
import type { TagMap } from '../records.js';
import { mergeTags, parseTags, renderTags } from '../tags.js';

/** DescribeTags takes at most 20 resources per call. */
const MAX_DESCRIBE_RESOURCES = 20;

/** Tagging operations. */
export function tagHandlers(context: ElbContext): Record<string, Handler> {
  const { store } = context;
  const tagsOf = (arn: string): TagMap => {
    switch (arnKind(arn)) {
      case 'loadbalancer':
        return store.loadBalancer(arn).tags;
      case 'targetgroup':
        return store.targetGroup(arn).tags;
      case 'listener':
        return store.listener(arn).tags;
      case 'listener-rule': {
        const found = store.anyRule(arn);
        return found.kind === 'rule' ? found.rule.tags : found.listener.tags;
      }
      default:
        throw validationError(`'${arn}' is not an Elastic Load Balancing resource ARN`);
    }
  };
  const resources = (params: QueryParams): string[] => {
    const arns = optionalStringList(params, 'ResourceArns') ?? [];
    if (arns.length === 0) throw validationError('ResourceArns must contain at least one ARN');
    return arns;
  };
  return {
    AddTags(params: QueryParams) {
      const arns = resources(params);
      const added = parseTags(params);
      if (added.size === 0) throw validationError('Tags must contain at least one tag');
      const targets = arns.map(tagsOf);
      for (const tags of targets) mergeTags(new Map(tags), added);
      for (const tags of targets) mergeTags(tags, added);
      return {};
    },

    RemoveTags(params: QueryParams) {
      const targets = resources(params).map(tagsOf);
      const keys = optionalStringList(params, 'TagKeys') ?? [];
      if (keys.length === 0) throw validationError('TagKeys must contain at least one key');
      for (const tags of targets) for (const key of keys) tags.delete(key);
      return {};
    },

    DescribeTags(params: QueryParams) {
      const arns = resources(params);
      if (arns.length > MAX_DESCRIBE_RESOURCES) {
        throw validationError(`ResourceArns takes at most ${MAX_DESCRIBE_RESOURCES} ARNs`);
      }
      return { TagDescriptions: arns.map((arn) => ({ ResourceArn: arn, Tags: renderTags(tagsOf(arn)) })) };
    },
  };
}
