/**
 * Fault injection per operation from a seeded PRNG: throttling, HTTP 5xx, added latency,
 * connection resets, and an account-wide request rate limit (token bucket, in real seconds). A rule can
 * also pick exact calls (`calls: [2]`, the second matching call) and answer them with a given service
 * error, so a test can fail one write in the middle of a sequence, the way a real partial failure looks.
 */
import { Prng } from './prng.js';

/** Faults for the calls a rule matches; percentages are 0-100. */
export interface FaultRule {
  /** 'ecs' | 'ecr' | 'elbv2' | 'cloudwatch'; every service when omitted. */
  service?: string;
  /** Operation name or glob (`Describe*`); every operation when omitted. */
  operation?: string;
  throttlePercent?: number;
  serverErrorPercent?: number;
  resetPercent?: number;
  /** Real milliseconds added before answering. */
  latencyMs?: number;
  /**
   * Only these matching calls get the rule's faults: 1-based numbers counted per rule from the time the
   * configuration was set, retries included (`[2]`: the second matching call). Every call when omitted.
   */
  calls?: number[];
  /**
   * A service error answered to every call the rule selects instead of calling the model: the code and
   * message AWS would send, status 400 unless given (a 400 that is not throttling is not retried).
   */
  error?: InjectedError;
}

/** A service error as a rule's `error` gives it. */
export interface InjectedError {
  code: string;
  message?: string;
  status?: number;
}

/** An account-wide limit: at most `perSecond` matching requests per real second (burst = perSecond). */
export interface RateLimit {
  service?: string;
  operation?: string;
  perSecond: number;
}

/** The whole fault configuration, as set through `/_sim/faults`. */
export interface FaultConfig {
  seed?: number;
  rules?: FaultRule[];
  rateLimits?: RateLimit[];
}

/** What to do to one request. */
export interface FaultDecision {
  latencyMs: number;
  action?: 'throttle' | 'server-error' | 'reset' | 'rate-limit' | 'error';
  /** With action 'error': what to answer. */
  error?: InjectedError;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function matches(
  rule: { service?: string; operation?: string },
  service: string,
  operation: string,
): boolean {
  if (rule.service && rule.service !== service) return false;
  if (rule.operation && !globToRegExp(rule.operation).test(operation)) return false;
  return true;
}

/** Decides, per request, which faults to inject. */
export class FaultInjector {
  private config: FaultConfig = {};
  private prng = new Prng(1);
  private buckets = new Map<RateLimit, { tokens: number; refilledAt: number }>();
  /** How many calls each rule has matched since the configuration was set (for `calls`). */
  private matched = new Map<FaultRule, number>();

  /** Replaces the configuration; the PRNG restarts from the given seed. */
  configure(config: FaultConfig): void {
    this.config = config;
    this.prng = new Prng(config.seed ?? 1);
    this.buckets.clear();
    this.matched.clear();
  }

  /** The current configuration. */
  current(): FaultConfig {
    return this.config;
  }

  /** Draws the fault for one request. */
  decide(service: string, operation: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const limit of this.config.rateLimits ?? []) {
      if (matches(limit, service, operation) && !this.take(limit)) {
        decision.action = 'rate-limit';
        return decision;
      }
    }
    for (const rule of this.config.rules ?? []) {
      if (!matches(rule, service, operation)) continue;
      const count = (this.matched.get(rule) ?? 0) + 1;
      this.matched.set(rule, count);
      if (rule.calls && !rule.calls.includes(count)) continue;
      decision.latencyMs += rule.latencyMs ?? 0;
      if (decision.action) continue;
      if (rule.error) {
        decision.action = 'error';
        decision.error = rule.error;
        continue;
      }
      if (this.prng.chance(rule.resetPercent ?? 0)) decision.action = 'reset';
      else if (this.prng.chance(rule.throttlePercent ?? 0)) decision.action = 'throttle';
      else if (this.prng.chance(rule.serverErrorPercent ?? 0)) decision.action = 'server-error';
    }
    return decision;
  }

  private take(limit: RateLimit): boolean {
    const now = Date.now();
    const bucket = this.buckets.get(limit) ?? { tokens: limit.perSecond, refilledAt: now };
    bucket.tokens = Math.min(
      limit.perSecond,
      bucket.tokens + ((now - bucket.refilledAt) / 1000) * limit.perSecond,
    );
    bucket.refilledAt = now;
    this.buckets.set(limit, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
