/**
 * The metric gate's reads: one GetMetricData call per poll for both colours' target groups (RequestCount,
 * HTTPCode_Target_5XX_Count, TargetResponseTime p99; AWS/ApplicationELB, one-minute periods), turned into
 * each colour's figures since the current traffic step began, then judged by metricVerdict.
 *
 * Figures are counted as totals now minus totals at the step's start over a range fixed at the start, so
 * the gate needs no agreement between its clock and CloudWatch's timestamps (a simulator's clock, a
 * runner's skew) and counts late-arriving datapoints of the step too.
 */
import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { Clock } from '../clock.js';
import { wrapError } from '../errors.js';
import type { MetricGateSettings } from './metric-bounds.js';
import { metricVerdict, type MetricVerdict, type TargetGroupFigures } from './metric-verdict.js';
import type { DeploymentObservation } from './observe.js';
import type { TargetGroupSettings } from './targets.js';

/** What a metric gate compares. */
export interface MetricGateOptions {
  cloudwatch: CloudWatchClient;
  clock: Clock;
  settings: MetricGateSettings;
  /** The new colour's and the old colour's target groups. */
  newColour: TargetGroupSettings;
  oldColour: TargetGroupSettings;
}

/** One colour's datapoints: per period start (epoch ms), the three figures. */
interface Series {
  requests: Map<number, number>;
  errors5xx: Map<number, number>;
  p99Seconds: Map<number, number>;
}

// The range each step reads: an hour before its start (late datapoints) to well after any bake.
const RANGE_BEFORE_MS = 60 * 60_000;
const RANGE_AFTER_MS = 24 * 60 * 60_000;
const PERIOD_SECONDS = 60;

/** The CloudWatch dimension value of an ELBv2 ARN: `targetgroup/name/id` or `app/name/id`. */
export function dimensionOf(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource.startsWith('loadbalancer/') ? resource.slice('loadbalancer/'.length) : resource;
}

function queries(colours: TargetGroupSettings[]): MetricDataQuery[] {
  return colours.flatMap((group, index) => {
    const dimensions = [{ Name: 'TargetGroup', Value: dimensionOf(group.arn) }];
    if (group.loadBalancerArns[0])
      dimensions.push({ Name: 'LoadBalancer', Value: dimensionOf(group.loadBalancerArns[0]) });
    const metric = (id: string, name: string, stat: string): MetricDataQuery => ({
      Id: `${id}${index}`,
      MetricStat: {
        Metric: { Namespace: 'AWS/ApplicationELB', MetricName: name, Dimensions: dimensions },
        Period: PERIOD_SECONDS,
        Stat: stat,
      },
      ReturnData: true,
    });
    return [
      metric('requests', 'RequestCount', 'Sum'),
      metric('errors', 'HTTPCode_Target_5XX_Count', 'Sum'),
      metric('latency', 'TargetResponseTime', 'p99'),
    ];
  });
}

const sum = (values: Map<number, number>) => [...values.values()].reduce((total, value) => total + value, 0);

/** Figures since `baseline`: totals minus the baseline's, p99 the worst of the periods that changed. */
function since(now: Series, baseline: Series): TargetGroupFigures {
  const requests = Math.max(0, sum(now.requests) - sum(baseline.requests));
  const errors5xx = Math.max(0, sum(now.errors5xx) - sum(baseline.errors5xx));
  const changed = [...now.requests.entries()]
    .filter(([time, count]) => count !== baseline.requests.get(time))
    .map(([time]) => now.p99Seconds.get(time))
    .filter((value): value is number => value !== undefined);
  return { requests, errors5xx, p99Ms: changed.length > 0 ? Math.max(...changed) * 1000 : undefined };
}

/** Reads both colours' figures and judges the new colour against the bounds, step by step. */
export class MetricGate {
  private rangeStart = 0;
  private baseline: Series[] = [];
  /** The last verdict, for the step's log line and the failure message. */
  last?: MetricVerdict;

  constructor(private readonly options: MetricGateOptions) {}

  /** Starts a step: from here on, figures count from this moment's totals. */
  async startStep(): Promise<void> {
    this.rangeStart = this.options.clock.now() - RANGE_BEFORE_MS;
    this.baseline = await this.read();
    this.last = undefined;
  }

  /** One GetMetricData call: both colours' figures since the step started, judged. */
  async verdict(): Promise<MetricVerdict> {
    const [newNow, oldNow] = await this.read();
    const verdict = metricVerdict({
      newColour: since(newNow, this.baseline[0]),
      oldColour: since(oldNow, this.baseline[1]),
      bounds: this.options.settings.bounds,
    });
    this.last = verdict;
    return verdict;
  }

  private async read(): Promise<Series[]> {
    const { cloudwatch, clock, newColour, oldColour } = this.options;
    const colours = [newColour, oldColour];
    const series: Series[] = colours.map(() => ({
      requests: new Map(),
      errors5xx: new Map(),
      p99Seconds: new Map(),
    }));
    let nextToken: string | undefined;
    try {
      do {
        const response = await cloudwatch.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries(colours),
            StartTime: new Date(this.rangeStart),
            EndTime: new Date(clock.now() + RANGE_AFTER_MS),
            NextToken: nextToken,
          }),
        );
        for (const result of response.MetricDataResults ?? []) {
          const match = /^(requests|errors|latency)(\d)$/.exec(result.Id ?? '');
          if (!match) continue;
          const target = series[Number(match[2])];
          const map =
            match[1] === 'requests'
              ? target.requests
              : match[1] === 'errors'
                ? target.errors5xx
                : target.p99Seconds;
          (result.Timestamps ?? []).forEach((time, index) =>
            map.set(time.getTime(), result.Values?.[index] ?? 0),
          );
        }
        nextToken = response.NextToken;
      } while (nextToken);
    } catch (error) {
      throw wrapError(`reading load balancer metrics of ${newColour.name} and ${oldColour.name}`, error);
    }
    return series;
  }
}

/** What startMetricGate needs of a blue/green run. */
interface MetricGateRun {
  clients: { cloudwatch?: CloudWatchClient };
  clock: Clock;
  metricGate?: MetricGateSettings;
}

/**
 * The metric gate of a blue/green run: the idle colour (new) against the live one (old), or undefined
 * when no bounds are set. Bounds without a CloudWatch client are a programming error, said plainly.
 */
export function startMetricGate(
  options: MetricGateRun,
  setup: {
    idle: { loadBalancer: { targetGroupArn: string } };
    live: { loadBalancer: { targetGroupArn: string } };
    targetGroups: Map<string, TargetGroupSettings>;
  },
): MetricGate | undefined {
  if (!options.metricGate) return undefined;
  const cloudwatch = options.clients.cloudwatch;
  if (!cloudwatch) throw new Error('the metric gate needs a CloudWatch client');
  const group = (arn: string) => setup.targetGroups.get(arn)!;
  return new MetricGate({
    cloudwatch,
    clock: options.clock,
    settings: options.metricGate,
    newColour: group(setup.idle.loadBalancer.targetGroupArn),
    oldColour: group(setup.live.loadBalancer.targetGroupArn),
  });
}

/** The observation, failed when the metric gate (read at the same poll) says roll back. */
export async function withMetricVerdict<O extends DeploymentObservation>(
  observation: Promise<O>,
  metrics: MetricGate | undefined,
): Promise<O> {
  if (!metrics) return observation;
  const [observed, verdict] = await Promise.all([observation, metrics.verdict()]);
  if (verdict.action !== 'rollback' || observed.deploymentFailed) return observed;
  return { ...observed, deploymentFailed: `metric gate: ${verdict.reason}` };
}
