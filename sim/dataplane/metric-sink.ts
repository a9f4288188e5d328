/**
 * What a listener reports about each request it served, for the load balancer's CloudWatch metrics. The
 * data plane calls it; the CloudWatch model implements it. Health checks are not reported (ALB's
 * metrics exclude them).
 */

/** One request a listener answered. */
export interface ServedRequest {
  /** Simulated time the answer completed, epoch ms. */
  time: number;
  loadBalancerArn: string;
  /** The target group the request was forwarded to; absent when no rule forwarded it. */
  targetGroupArn?: string;
  status: number;
  /** `target` when a target answered; `load-balancer` for 502/503/504, fixed responses and redirects. */
  answeredBy: 'target' | 'load-balancer';
  /** Real milliseconds from forwarding the request to the target's response headers (target answers only). */
  targetResponseMs?: number;
}

/** Where served requests go. */
export interface MetricSink {
  served(request: ServedRequest): void;
}
