/**
 * Everything deployPreview reads before its first mutating call: the template service, its target group
 * and task definition, the previews that exist, the listener's rules and this preview's own resources.
 */
import type { ECSClient, Service } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { unknownServicesMessage } from '../aws/lookup-hints.js';
import type { TaskDefinitionInput } from '../taskdef/types.js';
import { findService, listPreviewServices, type TaggedService } from './ecs-previews.js';
import { describeElbTags, listListenerRules, previewRules, type TaggedRule } from './elb-rules.js';
import { findTargetGroup } from './elb-target-group.js';
import { previewNumberOf, previewServiceName, previewTargetGroupName } from './naming.js';
import { templateLoadBalancer } from './service-request.js';
import { templateTaskDefinition } from './task-definition.js';

/** What the deploy decides on. */
export interface DeployReading {
  template: Service;
  templateTargetGroup: TargetGroup;
  templateTaskDefinition: TaskDefinitionInput;
  /** Pull requests with a preview of the template (a service or a rule). */
  existing: number[];
  rules: TaggedRule[];
  ownRule?: TaggedRule;
  ownTargetGroup?: TargetGroup;
  ownService?: TaggedService;
}

/** Reads the template service; throws when it is missing, inactive or itself a preview. */
export async function readTemplate(ecs: ECSClient, cluster: string, template: string): Promise<Service> {
  const found = await findService(ecs, cluster, template);
  // A typo'd template is named with the services that do exist (and the nearest one).
  if (!found) throw new Error(`template ${await unknownServicesMessage(ecs, cluster, [template])}`);
  if (found.service.status !== 'ACTIVE')
    throw new Error(`template service ${template} is not an active service of cluster ${cluster}`);
  if (found.tags.some((tag) => tag.key === 'ecs-kit:preview'))
    throw new Error(`service ${template} is itself a preview; name the service previews are copied from`);
  return found.service;
}

async function ownTargetGroup(
  elb: ElasticLoadBalancingV2Client,
  options: { template: string; pullRequest: number },
): Promise<TargetGroup | undefined> {
  const name = previewTargetGroupName(options.template, options.pullRequest);
  const group = await findTargetGroup(elb, { name });
  if (!group?.TargetGroupArn) return undefined;
  const tags = (await describeElbTags(elb, [group.TargetGroupArn])).get(group.TargetGroupArn) ?? [];
  if (previewNumberOf(tags, options.template) !== options.pullRequest)
    throw new Error(`target group ${name} exists but is not tagged as this preview: refusing to use it`);
  return group;
}

/** Reads everything; no call here changes anything. */
export async function readForDeploy(options: {
  ecs: ECSClient;
  elb: ElasticLoadBalancingV2Client;
  cluster: string;
  template: string;
  listenerArn: string;
  pullRequest: number;
}): Promise<DeployReading> {
  const { ecs, elb, cluster, template, pullRequest } = options;
  const service = await readTemplate(ecs, cluster, template);
  const balancer = templateLoadBalancer(service);
  const templateTargetGroup = await findTargetGroup(elb, { arn: balancer.targetGroupArn });
  if (!templateTargetGroup) throw new Error(`template target group ${balancer.targetGroupArn} not found`);
  const taskDefinition = await templateTaskDefinition(ecs, service.taskDefinition ?? '');
  const previews = await listPreviewServices(ecs, cluster, template);
  const rules = await listListenerRules(elb, options.listenerArn);
  const ruleByPreview = previewRules(rules, template);
  const name = previewServiceName(template, pullRequest);
  const ownService = await findService(ecs, cluster, name);
  if (ownService && ownService.service.status !== 'INACTIVE') {
    if (previewNumberOf(ownService.tags, template) !== pullRequest)
      throw new Error(`service ${name} exists but is not tagged as this preview: refusing to change it`);
    if (ownService.service.status === 'DRAINING')
      throw new Error(`service ${name} is still draining after a teardown; re-run once it is gone`);
  }
  return {
    template: service,
    templateTargetGroup,
    templateTaskDefinition: taskDefinition,
    existing: [...previews.map((preview) => preview.pullRequest), ...ruleByPreview.keys()],
    rules,
    ownRule: ruleByPreview.get(pullRequest),
    ownTargetGroup: await ownTargetGroup(elb, { template, pullRequest }),
    ownService: ownService?.service.status === 'ACTIVE' ? ownService : undefined,
  };
}
