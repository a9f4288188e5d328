/**
 * The preview's target group: a copy of the template target group's protocol, port, VPC, target type and
 * health-check settings under the preview's name, found again by name on the next run.
 */
import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeTargetGroupsCommand,
  ModifyTargetGroupAttributesCommand,
  type CreateTargetGroupCommandInput,
  type ElasticLoadBalancingV2Client,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { awsErrorName, wrapError } from '../errors.js';
import type { PreviewTag } from './naming.js';

const isNotFound = (error: unknown) => /TargetGroupNotFound/.test(awsErrorName(error) ?? '');

/** A target group by ARN, or by name; undefined when it does not exist. */
export async function findTargetGroup(
  elb: ElasticLoadBalancingV2Client,
  reference: { arn?: string; name?: string },
): Promise<TargetGroup | undefined> {
  try {
    const response = await elb.send(
      new DescribeTargetGroupsCommand(
        reference.arn ? { TargetGroupArns: [reference.arn] } : { Names: [reference.name!] },
      ),
    );
    return response.TargetGroups?.[0];
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw wrapError(`describing target group ${reference.arn ?? reference.name}`, error);
  }
}

/** The CreateTargetGroup request copying the template's settings under a new name (pure). */
export function targetGroupRequest(
  template: TargetGroup,
  name: string,
  tags: readonly PreviewTag[],
): CreateTargetGroupCommandInput {
  return {
    Name: name,
    Protocol: template.Protocol,
    ProtocolVersion: template.ProtocolVersion,
    Port: template.Port,
    VpcId: template.VpcId,
    TargetType: template.TargetType,
    IpAddressType: template.IpAddressType,
    HealthCheckProtocol: template.HealthCheckProtocol,
    HealthCheckPort: template.HealthCheckPort,
    HealthCheckEnabled: template.HealthCheckEnabled,
    HealthCheckPath: template.HealthCheckPath,
    HealthCheckIntervalSeconds: template.HealthCheckIntervalSeconds,
    HealthCheckTimeoutSeconds: template.HealthCheckTimeoutSeconds,
    HealthyThresholdCount: template.HealthyThresholdCount,
    UnhealthyThresholdCount: template.UnhealthyThresholdCount,
    Matcher: template.Matcher,
    Tags: tags.map((tag) => ({ Key: tag.key, Value: tag.value })),
  };
}

/** Creates the target group and sets its deregistration delay; returns it. */
export async function createTargetGroup(
  elb: ElasticLoadBalancingV2Client,
  request: CreateTargetGroupCommandInput,
  deregistrationDelaySeconds: number,
): Promise<TargetGroup> {
  let created: TargetGroup | undefined;
  try {
    created = (await elb.send(new CreateTargetGroupCommand(request))).TargetGroups?.[0];
    if (!created?.TargetGroupArn) throw new Error('no TargetGroupArn in the response');
  } catch (error) {
    throw wrapError(`creating target group ${request.Name}`, error);
  }
  try {
    await elb.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: created.TargetGroupArn,
        Attributes: [
          { Key: 'deregistration_delay.timeout_seconds', Value: String(deregistrationDelaySeconds) },
        ],
      }),
    );
  } catch (error) {
    throw wrapError(`setting the deregistration delay of target group ${request.Name}`, error);
  }
  return created;
}

/** Deletes a target group; false when it was already gone. */
export async function deleteTargetGroup(
  elb: ElasticLoadBalancingV2Client,
  targetGroupArn: string,
): Promise<boolean> {
  try {
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: targetGroupArn }));
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw wrapError(`deleting target group ${targetGroupArn}`, error);
  }
}
