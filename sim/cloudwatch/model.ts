/**
 * The simulated CloudWatch: metrics the data plane's listeners publish (MetricSink), GetMetricData over
 * them, and metric alarms evaluated on the simulated clock (PutMetricAlarm, DescribeAlarms, DeleteAlarms,
 * SetAlarmState). ECS reads the alarms as AlarmStates. See sim/cloudwatch/README.md.
 */
import { SimError } from '../errors.js';
import type { MetricSink, ServedRequest } from '../dataplane/metric-sink.js';
import type { AlarmStateChange, AlarmStates } from '../ecs/alarm-states.js';
import type { ModelContext } from '../model-context.js';
import type { Handlers } from '../protocol/handler.js';
import { ALB_NAMESPACE, albSamples, loadBalancerDimension, targetGroupDimension } from './alb-metrics.js';
import { evaluateAlarm, evaluationRange, type AlarmStateValue } from './alarm-evaluation.js';
import {
  alarmConfig,
  alarmMetric,
  alarmRule,
  cloudWatchError,
  describeAlarm,
  type AlarmConfig,
  type AlarmRecord,
} from './alarms.js';
import { getMetricData } from './metric-data.js';
import { MetricStore } from './metrics.js';
import type { AlarmSeed, CloudWatchSeed, LoadBalancerNames } from './seed.js';
import { aggregate } from './statistics.js';

const STATES: AlarmStateValue[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

function checkState(value: unknown, field: string): AlarmStateValue {
  if (!STATES.includes(value as AlarmStateValue))
    throw cloudWatchError.invalid(`The parameter ${field} must be one of ${STATES.join(', ')}.`);
  return value as AlarmStateValue;
}

/** CloudWatch metrics and alarms of one account. */
export class CloudWatchModel implements MetricSink, AlarmStates {
  readonly handlers: Handlers;
  readonly metrics = new MetricStore();
  private readonly alarms = new Map<string, AlarmRecord>();
  private readonly listeners: ((change: AlarmStateChange) => void)[] = [];

  constructor(
    private readonly sim: ModelContext,
    private readonly names?: LoadBalancerNames,
  ) {
    this.handlers = {
      GetMetricData: (params: Record<string, unknown>) => getMetricData(this.metrics, params),
      PutMetricAlarm: (params: Record<string, unknown>) => {
        this.putAlarm(alarmConfig(params));
        return {};
      },
      DescribeAlarms: (params: Record<string, unknown>) => this.describeAlarms(params),
      DeleteAlarms: (params: { AlarmNames?: unknown }) => {
        const names = Array.isArray(params.AlarmNames) ? params.AlarmNames.map(String) : [];
        if (names.length === 0) throw cloudWatchError.missing('AlarmNames');
        const unknown = names.filter((name) => !this.alarms.has(name));
        // CloudWatch deletes nothing when one name is wrong.
        if (unknown.length > 0) throw cloudWatchError.notFound(`Alarms not found: ${unknown.join(', ')}`);
        for (const name of names) this.deleteAlarm(name);
        return {};
      },
      SetAlarmState: (params: Record<string, unknown>) => {
        const alarm = this.alarmNamed(params.AlarmName);
        const state = checkState(params.StateValue, 'StateValue');
        if (typeof params.StateReason !== 'string') throw cloudWatchError.missing('StateReason');
        // Until the next evaluation, as in CloudWatch: the metric decides again then.
        this.setState(alarm, state, params.StateReason, params.StateReasonData as string | undefined);
        return {};
      },
    };
  }

  // ---- MetricSink ----

  /** Publishes the ALB metrics of one request the data plane served. */
  served(request: ServedRequest): void {
    for (const sample of albSamples(request)) this.metrics.put(sample.id, request.time, sample.value);
  }

  // ---- AlarmStates ----

  /** The alarm's current state, or undefined. */
  stateOf(alarmName: string): AlarmStateValue | undefined {
    return this.alarms.get(alarmName)?.state;
  }

  /** Simulated ms the alarm looks back: evaluation periods × period. */
  evaluationWindowMs(alarmName: string): number {
    const config = this.alarms.get(alarmName)?.config;
    return config ? config.EvaluationPeriods * config.Period * 1000 : 0;
  }

  /** Calls `listener` on every state change. */
  onStateChange(listener: (change: AlarmStateChange) => void): void {
    this.listeners.push(listener);
  }

  // ---- control API and seeds ----

  /**
   * Sets an alarm's state and holds it there (`POST /_sim/alarm-state`): its metric is not evaluated
   * until `follow` releases it. Throws ResourceNotFound for an unknown alarm.
   */
  holdState(name: string, state: unknown, reason?: string): void {
    const alarm = this.alarmNamed(name);
    alarm.held = true;
    this.setState(alarm, checkState(state, 'state'), reason ?? 'Set through the simulator control API.');
  }

  /** Lets a held alarm follow its metric again from the next evaluation. */
  follow(name: string): void {
    this.alarmNamed(name).held = false;
  }

  /** Adds seeded alarms (checked like PutMetricAlarm), then sets their initial state. */
  seed(seed: CloudWatchSeed): void {
    for (const entry of seed.alarms ?? []) {
      const named = entry.targetGroup !== undefined || entry.loadBalancer !== undefined;
      const alarm = this.putAlarm(
        alarmConfig({
          ...entry,
          Namespace: entry.Namespace ?? (named ? ALB_NAMESPACE : undefined),
          Dimensions: this.seedDimensions(entry),
        } as unknown as Record<string, unknown>),
      );
      if (entry.state)
        this.setState(alarm, checkState(entry.state, 'state'), entry.stateReason ?? 'Seeded state.');
    }
  }

  /** Plain data for /_sim/state. */
  snapshot(): Record<string, unknown> {
    return {
      alarms: [...this.alarms.values()].map((alarm) => ({
        name: alarm.config.AlarmName,
        state: alarm.state,
        reason: alarm.stateReason,
        held: alarm.held,
      })),
      metrics: this.metrics.summary(),
    };
  }

  // ---- alarms ----

  private alarmNamed(name: unknown): AlarmRecord {
    if (typeof name !== 'string' || name === '') throw cloudWatchError.missing('AlarmName');
    const alarm = this.alarms.get(name);
    if (!alarm) throw cloudWatchError.notFound(`Alarm ${name} not found`);
    return alarm;
  }

  /** Creates an alarm, or replaces an existing one's configuration (its state stays, as in CloudWatch). */
  private putAlarm(config: AlarmConfig): AlarmRecord {
    const now = this.sim.clock.now();
    const existing = this.alarms.get(config.AlarmName);
    if (existing) {
      existing.config = config;
      existing.configurationUpdatedAt = now;
      this.schedule(existing);
      return existing;
    }
    const alarm: AlarmRecord = {
      arn: this.sim.arn('cloudwatch', `alarm:${config.AlarmName}`),
      config,
      state: 'INSUFFICIENT_DATA',
      stateReason: 'Unchecked: Initial alarm creation',
      stateUpdatedAt: now,
      stateTransitionedAt: now,
      configurationUpdatedAt: now,
      held: false,
    };
    this.alarms.set(config.AlarmName, alarm);
    this.schedule(alarm);
    return alarm;
  }

  private deleteAlarm(name: string): void {
    const alarm = this.alarms.get(name);
    if (alarm?.timer !== undefined) this.sim.clock.cancel(alarm.timer);
    this.alarms.delete(name);
  }

  /** Evaluates the alarm at the next boundary of min(period, 60 s), then every interval after. */
  private schedule(alarm: AlarmRecord): void {
    if (alarm.timer !== undefined) this.sim.clock.cancel(alarm.timer);
    const intervalMs = Math.min(alarm.config.Period, 60) * 1000;
    const next = (Math.floor(this.sim.clock.now() / intervalMs) + 1) * intervalMs;
    alarm.timer = this.sim.clock.at(next, () => {
      alarm.timer = undefined;
      if (this.alarms.get(alarm.config.AlarmName) !== alarm) return;
      this.evaluate(alarm);
      this.schedule(alarm);
    });
  }

  /** One evaluation of the alarm's metric over its last complete periods. */
  private evaluate(alarm: AlarmRecord): void {
    if (alarm.held) return;
    const rule = alarmRule(alarm.config);
    const range = evaluationRange(rule, this.sim.clock.now());
    const stat = alarm.config.Statistic ?? alarm.config.ExtendedStatistic!;
    const samples = this.metrics.samples(alarmMetric(alarm.config), range.start, range.end);
    const datapoints = aggregate(samples, { ...range, periodMs: rule.periodMs }, stat);
    const verdict = evaluateAlarm(rule, datapoints);
    if (!verdict.state) return;
    const reasonData = JSON.stringify({
      version: '1.0',
      queryDate: new Date(this.sim.clock.now()).toISOString(),
      statistic: stat,
      period: alarm.config.Period,
      recentDatapoints: datapoints.map((datapoint) => datapoint.value),
      threshold: alarm.config.Threshold,
    });
    if (verdict.state !== alarm.state) this.setState(alarm, verdict.state, verdict.reason, reasonData);
  }

  private setState(alarm: AlarmRecord, state: AlarmStateValue, reason: string, reasonData?: string): void {
    const now = this.sim.clock.now();
    const from = alarm.state;
    alarm.state = state;
    alarm.stateReason = reason;
    alarm.stateReasonData = reasonData;
    alarm.stateUpdatedAt = now;
    if (from === state) return;
    alarm.stateTransitionedAt = now;
    const alarmName = alarm.config.AlarmName;
    this.sim.record('alarm-state', { alarm: alarmName, from, to: state, reason });
    for (const listener of this.listeners) listener({ alarmName, from, to: state, reason });
  }

  private describeAlarms(params: Record<string, unknown>): Record<string, unknown> {
    const names = Array.isArray(params.AlarmNames) ? params.AlarmNames.map(String) : undefined;
    if (names && names.length > 100)
      throw cloudWatchError.invalid('The parameter AlarmNames must have at most 100 members.');
    const prefix = typeof params.AlarmNamePrefix === 'string' ? params.AlarmNamePrefix : undefined;
    if (names && prefix !== undefined)
      throw cloudWatchError.combination('AlarmNames and AlarmNamePrefix cannot be used together.');
    const state = params.StateValue === undefined ? undefined : checkState(params.StateValue, 'StateValue');
    const types = Array.isArray(params.AlarmTypes) ? params.AlarmTypes.map(String) : ['MetricAlarm'];
    const maxRecords = params.MaxRecords === undefined ? 50 : Number(params.MaxRecords);
    if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > 100)
      throw cloudWatchError.invalid('The parameter MaxRecords must be between 1 and 100.');
    const offset = params.NextToken === undefined ? 0 : Number(params.NextToken);
    if (!Number.isInteger(offset) || offset < 0)
      throw new SimError('InvalidNextToken', 'The NextToken is not valid.');
    const matching = [...this.alarms.values()]
      .filter(
        (alarm) =>
          types.includes('MetricAlarm') &&
          (!names || names.includes(alarm.config.AlarmName)) &&
          (prefix === undefined || alarm.config.AlarmName.startsWith(prefix)) &&
          (state === undefined || alarm.state === state),
      )
      .sort((a, b) => a.config.AlarmName.localeCompare(b.config.AlarmName));
    const page = matching.slice(offset, offset + maxRecords);
    return {
      MetricAlarms: page.map(describeAlarm),
      CompositeAlarms: [],
      NextToken: offset + maxRecords < matching.length ? String(offset + maxRecords) : undefined,
    };
  }

  /** A seed's dimensions with its load balancer and target group names resolved. */
  private seedDimensions(seed: AlarmSeed): AlarmConfig['Dimensions'] {
    const dimensions = [...(seed.Dimensions ?? [])];
    const group = seed.targetGroup ? this.names?.targetGroup(seed.targetGroup) : undefined;
    if (seed.targetGroup && !group)
      throw cloudWatchError.invalid(`alarm ${seed.AlarmName}: no target group ${seed.targetGroup}`);
    const loadBalancerArn = seed.loadBalancer
      ? this.names?.loadBalancerArn(seed.loadBalancer)
      : group?.loadBalancerArns[0];
    if (seed.loadBalancer && !loadBalancerArn)
      throw cloudWatchError.invalid(`alarm ${seed.AlarmName}: no load balancer ${seed.loadBalancer}`);
    if (group) dimensions.push({ Name: 'TargetGroup', Value: targetGroupDimension(group.arn) });
    if (loadBalancerArn)
      dimensions.push({ Name: 'LoadBalancer', Value: loadBalancerDimension(loadBalancerArn) });
    return dimensions;
  }
}
