/** ELBv2 resources in the wire shape of the Describe* responses. */
import { renderAction } from './actions.js';
import { renderCondition } from './conditions.js';
import type { ListenerRecord, LoadBalancerRecord, RuleRecord, TargetGroupRecord } from './records.js';
import type { AnyRule, ElbStore } from './store.js';

/** A LoadBalancer structure. */
export function renderLoadBalancer(
  loadBalancer: LoadBalancerRecord,
  region: string,
): Record<string, unknown> {
  return {
    LoadBalancerArn: loadBalancer.arn,
    DNSName: loadBalancer.dnsName,
    // The hosted zone AWS documents for Application Load Balancers in us-east-1; a fixed stand-in elsewhere.
    CanonicalHostedZoneId: loadBalancer.type === 'network' ? 'Z26RNL4JYFTOTI' : 'Z35SXDOTRQ7X7K',
    CreatedTime: loadBalancer.createdTime,
    LoadBalancerName: loadBalancer.name,
    Scheme: loadBalancer.scheme,
    VpcId: loadBalancer.vpcId,
    State: { Code: 'active' },
    Type: loadBalancer.type,
    AvailabilityZones: ['a', 'b'].map((zone, index) => ({
      ZoneName: `${region}${zone}`,
      SubnetId: `subnet-0${index}${loadBalancer.arn.slice(-15)}`,
    })),
    SecurityGroups: loadBalancer.type === 'application' ? [`sg-0${loadBalancer.arn.slice(-16)}`] : undefined,
    IpAddressType: 'ipv4',
  };
}

/** A TargetGroup structure; LoadBalancerArns lists the load balancers whose listeners or rules use it. */
export function renderTargetGroup(group: TargetGroupRecord, store: ElbStore): Record<string, unknown> {
  const check = group.healthCheck;
  return {
    TargetGroupArn: group.arn,
    TargetGroupName: group.name,
    Protocol: group.protocol,
    ProtocolVersion: group.protocolVersion,
    Port: group.port,
    VpcId: group.vpcId,
    HealthCheckProtocol: check.protocol,
    HealthCheckPort: check.port,
    HealthCheckEnabled: check.enabled,
    HealthCheckIntervalSeconds: check.intervalSeconds,
    HealthCheckTimeoutSeconds: check.timeoutSeconds,
    HealthyThresholdCount: check.healthyThresholdCount,
    UnhealthyThresholdCount: check.unhealthyThresholdCount,
    HealthCheckPath: check.path,
    Matcher: check.matcher,
    LoadBalancerArns: store.loadBalancerArnsOf(group.arn),
    TargetType: group.targetType,
    IpAddressType: group.targetType === 'lambda' ? undefined : group.ipAddressType,
  };
}

/** A Listener structure. */
export function renderListener(listener: ListenerRecord): Record<string, unknown> {
  return {
    ListenerArn: listener.arn,
    LoadBalancerArn: listener.loadBalancerArn,
    Port: listener.port,
    Protocol: listener.protocol,
    Certificates: listener.certificates,
    SslPolicy: listener.sslPolicy,
    DefaultActions: listener.defaultActions.map(renderAction),
    AlpnPolicy: listener.alpnPolicy,
  };
}

/** A Rule structure; the default rule has Priority `default`, no conditions and the listener's default actions. */
export function renderRule(rule: AnyRule): Record<string, unknown> {
  if (rule.kind === 'default') {
    return {
      RuleArn: rule.listener.defaultRuleArn,
      Priority: 'default',
      Conditions: [],
      Actions: rule.listener.defaultActions.map(renderAction),
      IsDefault: true,
    };
  }
  return renderPrioritisedRule(rule.rule);
}

function renderPrioritisedRule(rule: RuleRecord): Record<string, unknown> {
  return {
    RuleArn: rule.arn,
    Priority: String(rule.priority),
    Conditions: rule.conditions.map(renderCondition),
    Actions: rule.actions.map(renderAction),
    IsDefault: false,
  };
}
