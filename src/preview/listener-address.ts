/** The shared load balancer's address, for path-routed preview URLs when no base URL is given. */
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { wrapError } from '../errors.js';

/** `http(s)://<load balancer DNS name>[:port]` of the listener. */
export async function listenerBaseUrl(
  elb: ElasticLoadBalancingV2Client,
  listenerArn: string,
): Promise<string> {
  try {
    const listener = (await elb.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] })))
      .Listeners?.[0];
    if (!listener?.LoadBalancerArn) throw new Error('listener not found');
    const balancer = (
      await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [listener.LoadBalancerArn] }))
    ).LoadBalancers?.[0];
    const scheme = listener.Protocol === 'HTTPS' ? 'https' : 'http';
    const standard = (scheme === 'https' ? 443 : 80) === listener.Port;
    return `${scheme}://${balancer?.DNSName ?? 'localhost'}${standard ? '' : `:${listener.Port}`}`;
  } catch (error) {
    throw wrapError(`reading the address of listener ${listenerArn}`, error);
  }
}
