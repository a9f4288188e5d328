/** The shared listener's address: scheme, load balancer DNS name and port, for the preview URL. */
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { wrapError } from '../errors.js';

/** How the listener is reached. */
export interface ListenerAddress {
  scheme: 'http' | 'https';
  /** `:8080` for a non-standard port, else empty. */
  portSuffix: string;
  /** `http(s)://<load balancer DNS name>[:port]`. */
  baseUrl: string;
}

/** Reads the listener and its load balancer. */
export async function listenerAddress(
  elb: ElasticLoadBalancingV2Client,
  listenerArn: string,
): Promise<ListenerAddress> {
  try {
    const listener = (await elb.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] })))
      .Listeners?.[0];
    if (!listener?.LoadBalancerArn) throw new Error('listener not found');
    const balancer = (
      await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [listener.LoadBalancerArn] }))
    ).LoadBalancers?.[0];
    const scheme = listener.Protocol === 'HTTPS' ? 'https' : 'http';
    const standard = (scheme === 'https' ? 443 : 80) === listener.Port;
    const portSuffix = standard || listener.Port === undefined ? '' : `:${listener.Port}`;
    return { scheme, portSuffix, baseUrl: `${scheme}://${balancer?.DNSName ?? 'localhost'}${portSuffix}` };
  } catch (error) {
    throw wrapError(`reading the address of listener ${listenerArn}`, error);
  }
}
