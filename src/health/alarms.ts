/**
 * CloudWatch alarms as a gate: the alarms a team already trusts to page someone (error rates, latency,
 * queue depth) decide a rollout too. One DescribeAlarms call per poll reads every name. Before the rollout
 * the names are checked (an unknown name is an input error) and alarms already in ALARM refuse it unless
 * allowed; during the rollout and its bake an alarm that goes into ALARM fails the gate.
 */
import { DescribeAlarmsCommand, type CloudWatchClient, type StateValue } from '@aws-sdk/client-cloudwatch';
import { InputError, wrapError } from '../errors.js';
import type { Logger } from '../logger.js';
import { MAX_ALARMS_PER_CALL as MAX_ALARMS } from './alarm-limits.js';

/** One alarm's state as the gate reads it. */
export interface AlarmState {
  name: string;
  state: StateValue | string;
  reason?: string;
}

/** What a watch is given. */
export interface AlarmWatchOptions {
  cloudwatch: CloudWatchClient;
  /** Alarm names (metric or composite); at most 100, the limit of one DescribeAlarms call. */
  names: string[];
  /** The input the names came from, for error messages (default `alarms`). */
  input?: string;
  /** Go ahead when an alarm is already in ALARM (it then counts only after it has left ALARM once). */
  allowInAlarm?: boolean;
  logger?: Pick<Logger, 'info' | 'warning'>;
}

/** A gate's view of alarms: the text of the first alarm in ALARM at this poll, else undefined. */
export interface AlarmWatcher {
  firing(): Promise<string | undefined>;
}

/** Reads the named alarms (metric and composite) in one call. */
export async function describeAlarmStates(
  cloudwatch: CloudWatchClient,
  names: string[],
): Promise<AlarmState[]> {
  try {
    const response = await cloudwatch.send(
      new DescribeAlarmsCommand({
        AlarmNames: names,
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: MAX_ALARMS,
      }),
    );
    return [...(response.MetricAlarms ?? []), ...(response.CompositeAlarms ?? [])].map((alarm) => ({
      name: alarm.AlarmName ?? '',
      state: alarm.StateValue ?? 'INSUFFICIENT_DATA',
      reason: alarm.StateReason,
    }));
  } catch (error) {
    throw wrapError(`describing alarms ${names.join(', ')}`, error);
  }
}

/** `alarm 'name' is in ALARM: reason`, the text a gate fails with. */
export function alarmText(alarm: AlarmState): string {
  return `alarm '${alarm.name}' is in ALARM${alarm.reason ? `: ${alarm.reason}` : ''}`;
}

/** Watches a fixed set of alarms across the polls of one rollout. */
export class AlarmWatch implements AlarmWatcher {
  /** Alarms in ALARM before the rollout that the caller allowed; ignored until they leave ALARM. */
  private readonly ignored = new Set<string>();

  private constructor(
    private readonly options: AlarmWatchOptions,
    /** The alarms as read before the rollout. */
    readonly before: AlarmState[],
  ) {
    for (const alarm of before) if (alarm.state === 'ALARM') this.ignored.add(alarm.name);
  }

  /**
   * Reads the alarms before any change: an unknown name is an InputError naming the input; an alarm in
   * ALARM refuses the rollout (nothing was changed yet) unless `allowInAlarm`.
   */
  static async start(options: AlarmWatchOptions): Promise<AlarmWatch> {
    const input = options.input ?? 'alarms';
    const names = [...new Set(options.names)];
    if (names.length > MAX_ALARMS)
      throw new InputError(input, `expected at most ${MAX_ALARMS} alarm names, got ${names.length}`);
    const before = await describeAlarmStates(options.cloudwatch, names);
    const missing = names.filter((name) => !before.some((alarm) => alarm.name === name));
    if (missing.length > 0)
      throw new InputError(input, `no CloudWatch alarm named ${missing.map((n) => `'${n}'`).join(', ')}`);
    const inAlarm = before.filter((alarm) => alarm.state === 'ALARM');
    if (inAlarm.length > 0 && !options.allowInAlarm) {
      throw new Error(
        `refusing to roll out while ${inAlarm.map(alarmText).join('; ')} (set allow-alarms-in-alarm to go ahead)`,
      );
    }
    for (const alarm of inAlarm)
      options.logger?.warning(`${alarmText(alarm)} before the rollout; it counts once it has left ALARM`);
    options.logger?.info(`watching ${before.map((alarm) => `${alarm.name} (${alarm.state})`).join(', ')}`);
    return new AlarmWatch({ ...options, names }, before);
  }

  /** One DescribeAlarms call: the first watched alarm in ALARM, as text, else undefined. */
  async firing(): Promise<string | undefined> {
    const states = await describeAlarmStates(this.options.cloudwatch, this.options.names);
    for (const alarm of states) if (alarm.state !== 'ALARM') this.ignored.delete(alarm.name);
    const fired = states.find((alarm) => alarm.state === 'ALARM' && !this.ignored.has(alarm.name));
    return fired && alarmText(fired);
  }
}
