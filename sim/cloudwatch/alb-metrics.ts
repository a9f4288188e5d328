/**
 * The Application Load Balancer's metrics (namespace `AWS/ApplicationELB`) for one served request, with
 * the dimension sets ALB publishes: `LoadBalancer`, and `TargetGroup` + `LoadBalancer` for requests a
 * target group received. Counts are published only when non-zero (a period without 5xx answers has no
 * HTTPCode_Target_5XX_Count datapoint); TargetResponseTime is in seconds.
 */
import type { ServedRequest } from '../dataplane/metric-sink.js';
import type { Dimension, MetricId } from './metrics.js';

/** The namespace of Application Load Balancer metrics. */
export const ALB_NAMESPACE = 'AWS/ApplicationELB';

/** `app/<name>/<id>` of a load balancer ARN, the value of the LoadBalancer dimension. */
export function loadBalancerDimension(loadBalancerArn: string): string {
  return loadBalancerArn.slice(loadBalancerArn.indexOf(':loadbalancer/') + ':loadbalancer/'.length);
}

/** `targetgroup/<name>/<id>` of a target group ARN, the value of the TargetGroup dimension. */
export function targetGroupDimension(targetGroupArn: string): string {
  return targetGroupArn.slice(targetGroupArn.lastIndexOf(':') + 1);
}

/** The metric samples one request adds. */
export function albSamples(request: ServedRequest): { id: MetricId; value: number }[] {
  const loadBalancer: Dimension = {
    Name: 'LoadBalancer',
    Value: loadBalancerDimension(request.loadBalancerArn),
  };
  const dimensionSets: Dimension[][] = [[loadBalancer]];
  if (request.targetGroupArn) {
    dimensionSets.push([
      { Name: 'TargetGroup', Value: targetGroupDimension(request.targetGroupArn) },
      loadBalancer,
    ]);
  }
  const metrics: { metricName: string; value: number; loadBalancerOnly?: boolean }[] = [
    { metricName: 'RequestCount', value: 1 },
  ];
  const statusClass = `${Math.floor(request.status / 100)}XX`;
  if (request.answeredBy === 'target') {
    metrics.push({ metricName: `HTTPCode_Target_${statusClass}_Count`, value: 1 });
    if (request.targetResponseMs !== undefined)
      metrics.push({ metricName: 'TargetResponseTime', value: request.targetResponseMs / 1000 });
  } else if (request.status >= 400) {
    metrics.push({ metricName: `HTTPCode_ELB_${statusClass}_Count`, value: 1, loadBalancerOnly: true });
  }
  return metrics.flatMap(({ metricName, value, loadBalancerOnly }) =>
    (loadBalancerOnly ? [[loadBalancer]] : dimensionSets).map((dimensions) => ({
      id: { namespace: ALB_NAMESPACE, metricName, dimensions },
      value,
    })),
  );
}
