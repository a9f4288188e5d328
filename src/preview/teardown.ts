/**
 * teardownPreview: rule → service (scale to 0, delete, wait for its tasks to drain) → target group →
 * the preview family's revisions → the PR's images. Each step treats "already gone" as done, so a re-run
 * after a crash (or on an already removed preview) converges. The template service is never touched.
 */
import { DeregisterTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { ecsClient, elbClient } from '../aws/clients.js';
import { listRevisions } from '../deploy/revisions.js';
import { familyOf } from '../deploy/guard.js';
import { wrapError } from '../errors.js';
import { readTemplate } from './deploy-read.js';
import { findService } from './ecs-previews.js';
import { scaleDownAndDelete, waitInactive } from './ecs-service.js';
import { deleteRule, describeElbTags, listListenerRules, previewRules } from './elb-rules.js';
import { deleteTargetGroup, findTargetGroup } from './elb-target-group.js';
import { deletePreviewImages } from './images.js';
import { previewFamily, previewNumberOf, previewServiceName, previewTargetGroupName } from './naming.js';
import type { PreviewChange, PreviewTeardown, TeardownPreviewOptions } from './types.js';

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

/** Removes the pull request's preview; what was already gone is reported as such. */
export async function teardownPreview(options: TeardownPreviewOptions): Promise<PreviewTeardown> {
  const { logger, templateService: template, pullRequest, cluster } = options;
  const ecs = await ecsClient(options);
  const elb = await elbClient(options);
  const name = previewServiceName(template, pullRequest);
  const changes: PreviewChange[] = [];
  const record = (change: PreviewChange) => {
    changes.push(change);
    logger.info(
      `${change.resource} ${change.name}: ${change.action}${change.detail ? ` (${change.detail})` : ''}`,
    );
  };
  try {
    const templateService = await readTemplate(ecs, cluster, template);
    const service = await findService(ecs, cluster, name);
    if (
      service &&
      service.service.status === 'ACTIVE' &&
      previewNumberOf(service.tags, template) !== pullRequest
    )
      throw new Error(`service ${name} is not tagged as this preview: refusing to delete it`);
    const rules = previewRules(await listListenerRules(elb, options.listenerArn), template);
    const targetGroupName = previewTargetGroupName(template, pullRequest);
    const targetGroup = await findTargetGroup(elb, { name: targetGroupName });
    const groupTags = targetGroup?.TargetGroupArn
      ? ((await describeElbTags(elb, [targetGroup.TargetGroupArn])).get(targetGroup.TargetGroupArn) ?? [])
      : [];
    if (targetGroup && previewNumberOf(groupTags, template) !== pullRequest)
      throw new Error(`target group ${targetGroupName} is not tagged as this preview: refusing to delete it`);

    await logger.group('Remove preview', async () => {
      const rule = rules.get(pullRequest);
      const ruleDeleted = rule ? await deleteRule(elb, rule.ruleArn) : false;
      record({
        resource: 'listener rule',
        name: rule ? `priority ${rule.priority}` : 'none',
        action: ruleDeleted ? 'deleted' : 'already gone',
      });
      const active = service?.service.status === 'ACTIVE';
      if (active) await scaleDownAndDelete(ecs, { cluster, service: name });
      record({ resource: 'service', name, action: active ? 'deleted' : 'already gone' });
      if (service && service.service.status !== 'INACTIVE') {
        const drained = await waitInactive({
          ecs,
          cluster,
          service: name,
          clock: options.clock,
          timeoutMs: options.drainTimeoutMs,
          signal: options.signal,
        });
        if (!drained)
          logger.warning(`service ${name} is still draining; its images stay until its tasks stop`);
      }
      const groupDeleted = targetGroup?.TargetGroupArn
        ? await deleteTargetGroup(elb, targetGroup.TargetGroupArn)
        : false;
      record({
        resource: 'target group',
        name: targetGroupName,
        action: groupDeleted ? 'deleted' : 'already gone',
      });
      const family = previewFamily(familyOf(templateService.taskDefinition ?? ''), pullRequest);
      const revisions = await deregisterFamily(ecs, family);
      record({
        resource: 'task definition',
        name: family,
        action: revisions > 0 ? 'deleted' : 'already gone',
        detail: revisions > 0 ? `${revisions} revisions deregistered` : undefined,
      });
    });
    const images = await deletePreviewImages(options);
    for (const change of images) record(change);
    return { pullRequest, service: name, changes };
  } finally {
    ecs.destroy();
    elb.destroy();
  }
}
