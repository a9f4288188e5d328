/**
 * teardownPreview: read and preflight → rule → service (scale to 0, delete, wait for its tasks to drain)
 * → target group → the preview family's revisions → the PR's images. Each step treats "already gone" as
 * done, so a re-run after a crash (or on an already removed preview) converges. The template service is
 * only read.
 */
import { DeregisterTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { familyOf } from '../arn.js';
import { silentLogger } from '../logger.js';
import { asMissingPermissions, beforeMutation, phasesTogether } from '../aws/access-denied.js';
import { listRevisions } from '../deploy/revisions.js';
import { wrapError } from '../errors.js';
import { findService, type TaggedService } from './ecs-previews.js';
import { scaleDownAndDelete, waitInactive } from './ecs-service.js';
import {
  deleteRule,
  describeElbTags,
  listListenerRules,
  previewRules,
  type TaggedRule,
} from './elb-rules.js';
import { deleteTargetGroup, findTargetGroup } from './elb-target-group.js';
import { deletePreviewImages } from './images.js';
import { previewFamily, previewNumberOf, previewServiceName, previewTargetGroupName } from './naming.js';
import type { PreviewChange, PreviewTeardown, TeardownPreviewOptions } from './types.js';

/** What exists of the preview, read (and checked to carry its tags) before anything is deleted. */
interface Found {
  service?: TaggedService;
  rule?: TaggedRule;
  targetGroup?: TargetGroup;
  /** The preview's task definition family, when the template service still tells it. */
  family?: string;
}

async function findPreview(
  ecs: ECSClient,
  elb: ElasticLoadBalancingV2Client,
  options: TeardownPreviewOptions,
): Promise<Found> {
  const { templateService: template, pullRequest, cluster } = options;
  const name = previewServiceName(template, pullRequest);
  const service = await findService(ecs, cluster, name);
  if (service?.service.status === 'ACTIVE' && previewNumberOf(service.tags, template) !== pullRequest)
    throw new Error(`service ${name} is not tagged as this preview: refusing to delete it`);
  const rule = previewRules(await listListenerRules(elb, options.listenerArn), template).get(pullRequest);
  const groupName = previewTargetGroupName(template, pullRequest);
  const targetGroup = await findTargetGroup(elb, { name: groupName });
  if (targetGroup?.TargetGroupArn) {
    const tags = (await describeElbTags(elb, [targetGroup.TargetGroupArn])).get(targetGroup.TargetGroupArn);
    if (previewNumberOf(tags ?? [], template) !== pullRequest)
      throw new Error(`target group ${groupName} is not tagged as this preview: refusing to delete it`);
  }
  const templateService = await findService(ecs, cluster, template);
  const templateFamily = templateService?.service.taskDefinition
    ? familyOf(templateService.service.taskDefinition)
    : undefined;
  return {
    service,
    rule,
    targetGroup,
    family: templateFamily ? previewFamily(templateFamily, pullRequest) : undefined,
  };
}

async function deregisterFamily(ecs: ECSClient, family: string): Promise<number> {
  const arns = await listRevisions(ecs, family);
  for (const taskDefinition of arns) {
    try {
      await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition }));
    } catch (error) {
      throw wrapError(`deregistering ${taskDefinition}`, error);
    }
  }
  return arns.length;
}

async function removeService(
  ecs: ECSClient,
  options: TeardownPreviewOptions,
  service: TaggedService | undefined,
): Promise<PreviewChange> {
  const name = previewServiceName(options.templateService, options.pullRequest);
  const active = service?.service.status === 'ACTIVE';
  if (active) await scaleDownAndDelete(ecs, { cluster: options.cluster, service: name });
  if (service && service.service.status !== 'INACTIVE') {
    const drained = await waitInactive({
      ecs,
      cluster: options.cluster,
      service: name,
      clock: options.clock,
      timeoutMs: options.drainTimeoutMs,
      signal: options.signal,
    });
    if (!drained)
      options.logger.warning(`service ${name} is still draining; images its tasks run stay until they stop`);
  }
  return { resource: 'service', name, action: active ? 'deleted' : 'already gone' };
}

/**
 * The reads the removal makes after its first deletion, made before it: the preview family's revisions
 * and the plan of the PR's images (a dry run of cleanup-ecr's engine).
 */
async function preflightTeardown(options: TeardownPreviewOptions, family: string | undefined): Promise<void> {
  await phasesTogether<[unknown, unknown]>('preview', [
    () => (family ? listRevisions(options.clients.ecs, family) : Promise.resolve([])),
    // The plan is logged when the images are deleted; here only the reads matter.
    () => deletePreviewImages({ ...options, logger: silentLogger }, true),
  ]);
}

/** A removal that stopped part-way: what is gone, and that a re-run finishes it (every step converges). */
function stoppedPartWay(options: TeardownPreviewOptions, changes: PreviewChange[], error: unknown): unknown {
  const removed = changes.filter((change) => change.action === 'deleted');
  const done =
    removed.length > 0
      ? `removed ${removed.map((change) => `${change.resource} ${change.name}`).join(', ')}`
      : 'nothing was removed';
  const next = `re-run preview with mode: teardown and pull-request: ${options.pullRequest} to finish`;
  const denied = asMissingPermissions('preview', error, `${done}; ${next}`);
  return denied === error
    ? wrapError(`teardown of preview pr-${options.pullRequest} stopped part-way (${done}); ${next}`, error)
    : denied;
}

/** Removes the pull request's preview; what was already gone is reported as such. */
export async function teardownPreview(options: TeardownPreviewOptions): Promise<PreviewTeardown> {
  const { logger } = options;
  const { ecs, elb } = options.clients;
  const changes: PreviewChange[] = [];
  const record = (change: PreviewChange) => {
    changes.push(change);
    logger.info(
      `${change.resource} ${change.name}: ${change.action}${change.detail ? ` (${change.detail})` : ''}`,
    );
  };
  // Nothing changes until every read teardown needs has been made: a denial names the permission.
  const found = await beforeMutation('preview', async () => {
    const preview = await findPreview(ecs, elb, options);
    await logger.group('Preflight', () => preflightTeardown(options, preview.family));
    return preview;
  });
  await logger
    .group('Remove preview', async () => {
      const ruleDeleted = found.rule ? await deleteRule(elb, found.rule.ruleArn) : false;
      const ruleName = found.rule ? `priority ${found.rule.priority}` : 'none';
      record({ resource: 'listener rule', name: ruleName, action: ruleDeleted ? 'deleted' : 'already gone' });
      record(await removeService(ecs, options, found.service));
      const groupArn = found.targetGroup?.TargetGroupArn;
      const groupDeleted = groupArn ? await deleteTargetGroup(elb, groupArn) : false;
      const groupName = previewTargetGroupName(options.templateService, options.pullRequest);
      record({
        resource: 'target group',
        name: groupName,
        action: groupDeleted ? 'deleted' : 'already gone',
      });
      if (!found.family)
        return logger.warning('template service not found: preview revisions left registered');
      const revisions = await deregisterFamily(ecs, found.family);
      const detail = revisions > 0 ? `${revisions} revisions deregistered` : undefined;
      record({
        resource: 'task definition',
        name: found.family,
        action: detail ? 'deleted' : 'already gone',
        detail,
      });
    })
    .catch((error: unknown) => {
      throw stoppedPartWay(options, changes, error);
    });
  const images = await deletePreviewImages(options).catch((error: unknown) => {
    throw stoppedPartWay(options, changes, error);
  });
  for (const change of images) record(change);
  const service = previewServiceName(options.templateService, options.pullRequest);
  return { pullRequest: options.pullRequest, service, changes };
}
