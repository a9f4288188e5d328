/**
 * Target health over simulated time, following the ELBv2 target health documentation: a registered
 * target is `initial` (Elb.RegistrationInProgress, then Elb.InitialHealthChecking) until
 * HealthyThresholdCount consecutive checks pass (`healthy`) or UnhealthyThresholdCount consecutive
 * checks fail (`unhealthy`); checks run every HealthCheckIntervalSeconds and time out after
 * HealthCheckTimeoutSeconds; a deregistered target is `draining` for the deregistration delay, then
 * removed; targets of a target group that no listener or rule uses are `unused` and not checked.
 */
import type { ModelContext } from '../model-context.js';
import type { HealthCheckSettings, TargetRecord } from './records.js';
import type { HealthCheckFailureReason, TargetHealthChange, TargetHealthState, TaskTarget } from './types.js';

/** What the tracker needs to know about a target group at the moment it acts. */
export interface TargetGroupHealthView {
  healthCheck: HealthCheckSettings;
  deregistrationDelayMs: number;
  inUse: boolean;
}

/** Options for TargetHealthTracker. */
export interface TargetHealthTrackerOptions {
  sim: ModelContext;
  /** The target group's current settings, or undefined once it is deleted. */
  viewOf: (targetGroupArn: string) => TargetGroupHealthView | undefined;
  /** Simulated ms an asynchronous probe may take at least (the data plane's real HTTP checks); default 0. */
  probeTimeoutFloorMs?: () => number;
}

type CheckResult = { passed: true } | { passed: false; reason: HealthCheckFailureReason };

const key = (id: string, port: number) => `${id}:${port}`;

/** Registered targets of every target group and their health checks. */
export class TargetHealthTracker {
  private readonly byGroup = new Map<string, Map<string, TargetRecord>>();
  private readonly listeners: ((change: TargetHealthChange) => void)[] = [];

  constructor(private readonly options: TargetHealthTrackerOptions) {}

  /** Calls `listener` on every state transition. */
  onChange(listener: (change: TargetHealthChange) => void): void {
    this.listeners.push(listener);
  }

  /** The targets of a target group, in registration order. */
  list(targetGroupArn: string): TargetRecord[] {
    return [...(this.byGroup.get(targetGroupArn)?.values() ?? [])];
  }

  /** One target, or undefined when it is not registered (anymore). */
  get(targetGroupArn: string, id: string, port: number): TargetRecord | undefined {
    return this.byGroup.get(targetGroupArn)?.get(key(id, port));
  }

  /**
   * Registers a target. Registering a registered target again only replaces its probe; registering a
   * draining target cancels the deregistration and starts it over as a new registration.
   */
  register(targetGroupArn: string, target: TaskTarget): TargetRecord {
    const view = this.view(targetGroupArn);
    let group = this.byGroup.get(targetGroupArn);
    if (!group) {
      group = new Map();
      this.byGroup.set(targetGroupArn, group);
    }
    const existing = group.get(key(target.id, target.port));
    if (existing && existing.state !== 'draining') {
      existing.probe = target.probe;
      existing.failureReason = target.failureReason;
      return existing;
    }
    const record: TargetRecord = existing ?? {
      targetGroupArn,
      id: target.id,
      port: target.port,
      availabilityZone: target.availabilityZone,
      probe: target.probe,
      failureReason: target.failureReason,
      state: 'initial',
      consecutivePasses: 0,
      consecutiveFailures: 0,
      generation: 0,
    };
    if (existing) {
      existing.probe = target.probe;
      existing.failureReason = target.failureReason;
    }
    group.set(key(target.id, target.port), record);
    const from = existing ? existing.state : undefined;
    this.restart(record, view, { from, startHealthy: target.startHealthy === true });
    return record;
  }

  /** Starts draining a target; false when it is not registered. Draining targets stay draining. */
  deregister(targetGroupArn: string, id: string, port: number): boolean {
    const record = this.get(targetGroupArn, id, port);
    if (!record) return false;
    if (record.state === 'draining') return true;
    const view = this.view(targetGroupArn);
    this.cancel(record);
    this.transition(record, 'draining', 'Target.DeregistrationInProgress');
    record.timer = this.options.sim.clock.after(view.deregistrationDelayMs, () => {
      record.timer = undefined;
      this.remove(record);
    });
    return true;
  }

  /** Follows a change in whether any listener or rule forwards to the target group. */
  setInUse(targetGroupArn: string, inUse: boolean): void {
    const view = this.options.viewOf(targetGroupArn);
    if (!view) return;
    for (const record of this.list(targetGroupArn)) {
      if (record.state === 'draining') continue;
      const unused = record.state === 'unused';
      if (inUse && unused) this.restart(record, view, { from: record.state, startHealthy: false });
      else if (!inUse && !unused) {
        this.cancel(record);
        this.transition(record, 'unused', 'Target.NotInUse');
      }
    }
  }

  /** Removes every target of a deleted target group (each reported as removed). */
  dropGroup(targetGroupArn: string): void {
    for (const record of this.list(targetGroupArn)) {
      this.cancel(record);
      this.remove(record);
    }
    this.byGroup.delete(targetGroupArn);
  }

  /** Replaces the probe of a registered target; false when it is not registered. */
  setProbe(targetGroupArn: string, id: string, port: number, probe: TaskTarget['probe']): boolean {
    const record = this.get(targetGroupArn, id, port);
    if (!record) return false;
    record.probe = probe;
    return true;
  }

  private view(targetGroupArn: string): TargetGroupHealthView {
    const view = this.options.viewOf(targetGroupArn);
    if (!view) throw new Error(`target group ${targetGroupArn} vanished`);
    return view;
  }

  /** (Re)starts a target as freshly registered, honouring `unused` and disabled health checks. */
  private restart(
    record: TargetRecord,
    view: TargetGroupHealthView,
    options: { from: TargetHealthState | undefined; startHealthy: boolean },
  ): void {
    this.cancel(record);
    record.consecutivePasses = 0;
    record.consecutiveFailures = 0;
    record.state = options.from as TargetHealthState;
    if (!view.inUse) return this.transition(record, 'unused', 'Target.NotInUse');
    if (!view.healthCheck.enabled)
      return this.transition(record, 'unavailable', 'Target.HealthCheckDisabled');
    if (options.startHealthy) {
      record.consecutivePasses = view.healthCheck.healthyThresholdCount;
      this.transition(record, 'healthy', undefined);
    } else {
      this.transition(record, 'initial', 'Elb.RegistrationInProgress');
    }
    this.schedule(record, this.options.sim.clock.now() + view.healthCheck.intervalSeconds * 1000);
  }

  /** Schedules the next check at an absolute simulated instant, so checks keep their cadence under `advance`. */
  private schedule(record: TargetRecord, at: number): void {
    const generation = record.generation;
    record.timer = this.options.sim.clock.at(at, () => {
      record.timer = undefined;
      this.check(record, generation, at);
    });
  }

  private cancel(record: TargetRecord): void {
    record.generation++;
    if (record.timer !== undefined) this.options.sim.clock.cancel(record.timer);
    record.timer = undefined;
  }

  /** Runs one health check and schedules the next one an interval later. */
  private check(record: TargetRecord, generation: number, at: number): void {
    if (generation !== record.generation) return;
    const view = this.options.viewOf(record.targetGroupArn);
    if (!view) return;
    this.schedule(record, at + view.healthCheck.intervalSeconds * 1000);
    const failed = (): CheckResult => ({
      passed: false,
      reason: record.failureReason?.() ?? 'Target.FailedHealthChecks',
    });
    let answer: boolean | Promise<boolean>;
    try {
      answer = record.probe();
    } catch {
      return this.apply(record, generation, { passed: false, reason: 'Target.FailedHealthChecks' });
    }
    if (typeof answer === 'boolean') {
      return this.apply(record, generation, answer ? { passed: true } : failed());
    }
    // An asynchronous probe races the health-check timeout, measured in simulated time.
    let settled = false;
    const timeoutMs = Math.max(
      view.healthCheck.timeoutSeconds * 1000,
      this.options.probeTimeoutFloorMs?.() ?? 0,
    );
    const timeout = this.options.sim.clock.at(at + timeoutMs, () => {
      if (settled) return;
      settled = true;
      this.apply(record, generation, { passed: false, reason: 'Target.Timeout' });
    });
    answer.then(
      (passed) => {
        if (settled) return;
        settled = true;
        this.options.sim.clock.cancel(timeout);
        this.apply(record, generation, passed ? { passed: true } : failed());
      },
      () => {
        if (settled) return;
        settled = true;
        this.options.sim.clock.cancel(timeout);
        this.apply(record, generation, { passed: false, reason: 'Target.FailedHealthChecks' });
      },
    );
  }

  private apply(record: TargetRecord, generation: number, result: CheckResult): void {
    // A check that started before the target drained, was restarted or lost its group no longer counts.
    if (generation !== record.generation) return;
    const view = this.options.viewOf(record.targetGroupArn);
    if (!view) return;
    if (result.passed) {
      record.consecutivePasses++;
      record.consecutiveFailures = 0;
      if (record.state !== 'healthy' && record.consecutivePasses >= view.healthCheck.healthyThresholdCount) {
        this.transition(record, 'healthy', undefined);
      } else if (record.state === 'initial') {
        record.reason = 'Elb.InitialHealthChecking';
      }
      return;
    }
    record.consecutiveFailures++;
    record.consecutivePasses = 0;
    if (
      record.state !== 'unhealthy' &&
      record.consecutiveFailures >= view.healthCheck.unhealthyThresholdCount
    ) {
      this.transition(record, 'unhealthy', result.reason);
    } else if (record.state === 'unhealthy') {
      record.reason = result.reason;
    } else if (record.state === 'initial') {
      record.reason = 'Elb.InitialHealthChecking';
    }
  }

  private remove(record: TargetRecord): void {
    this.byGroup.get(record.targetGroupArn)?.delete(key(record.id, record.port));
    this.transition(record, 'removed', undefined);
  }

  private transition(
    record: TargetRecord,
    to: TargetHealthState | 'removed',
    reason: string | undefined,
  ): void {
    const from = record.state as TargetHealthState | undefined;
    if (to !== 'removed') record.state = to;
    record.reason = reason;
    if (from === to) return;
    const change: TargetHealthChange = {
      targetGroupArn: record.targetGroupArn,
      id: record.id,
      port: record.port,
      from,
      to,
      reason,
      time: this.options.sim.clock.now(),
    };
    this.options.sim.record('target-health', {
      targetGroupArn: change.targetGroupArn,
      id: change.id,
      port: change.port,
      from,
      to,
      reason,
    });
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        // A faulty subscriber (another model) must not stop the clock that drives every model.
        this.options.sim.record('sim-error', {
          source: 'elbv2 onHealthChange listener',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
