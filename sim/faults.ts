/**
 * Fault injection per operation from a seeded PRNG: throttling, HTTP 5xx, added latency,
 * connection resets, and an account-wide request rate limit (token bucket, in real seconds).
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
  action?: 'throttle' | 'server-error' | 'reset' | 'rate-limit';
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

  /** Replaces the configuration; the PRNG restarts from the given seed. */
  configure(config: FaultConfig): void {
    this.config = config;
    this.prng = new Prng(config.seed ?? 1);
    this.buckets.clear();
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
      decision.latencyMs += rule.latencyMs ?? 0;
      if (decision.action) continue;
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
