/**
 * AWS client construction. Clients are loaded on first use (dynamic import), so an action that fails
 * input validation never pays for loading the SDK. Retries use the SDK's adaptive mode, which also
 * rate-limits the client when AWS throttles. AWS_ENDPOINT_URL (the simulator) is honoured by the SDK itself.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';

/** How clients are built. */
export interface AwsOptions {
  region: string;
  /** Total attempts per request including retries (default 8: throttling storms are common in CI fleets). */
  maxAttempts?: number;
}

const USER_AGENT: [string, string] = ['ecs-kit', '1'];

function common(options: AwsOptions) {
  return {
    region: options.region,
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? 8,
    customUserAgent: [USER_AGENT],
  };
}

/** An ECS client. */
export async function ecsClient(options: AwsOptions): Promise<ECSClient> {
  const { ECSClient } = await import('@aws-sdk/client-ecs');
  return new ECSClient(common(options));
}

/** An ECR client. */
export async function ecrClient(options: AwsOptions): Promise<ECRClient> {
  const { ECRClient } = await import('@aws-sdk/client-ecr');
  return new ECRClient(common(options));
}

/**
 * The one set of AWS clients an action uses: built once in the action's main.ts and passed to its engine,
 * so every call of a run goes through the same retry and throttling state.
 */
export interface AwsClients {
  ecs: ECSClient;
  ecr: ECRClient;
  elb: ElasticLoadBalancingV2Client;
  /** Alarms and load balancer metrics that gate a rollout on what users see. */
  cloudwatch: CloudWatchClient;
}

/** Builds the client set (the SDK modules load in parallel). */
export async function createAwsClients(options: AwsOptions): Promise<AwsClients> {
  const [ecs, ecr, elb, cloudwatch] = await Promise.all([
    ecsClient(options),
    ecrClient(options),
    elbClient(options),
    cloudWatchClient(options),
  ]);
  return { ecs, ecr, elb, cloudwatch };
}

/** An ELBv2 client. */
export async function elbClient(options: AwsOptions): Promise<ElasticLoadBalancingV2Client> {
  const { ElasticLoadBalancingV2Client } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  return new ElasticLoadBalancingV2Client(common(options));
}

/** Closes every client's connections (keep-alive sockets would otherwise hold the process open). */
export function destroyAwsClients(clients: AwsClients): void {
  for (const client of Object.values(clients)) client.destroy();
}

/** A CloudWatch client. */
export async function cloudWatchClient(options: AwsOptions): Promise<CloudWatchClient> {
  const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch');
  return new CloudWatchClient(common(options));
}
