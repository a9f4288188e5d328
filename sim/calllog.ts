/** The simulator's record of every API request: for tests, benchmarks and IAM policy derivation. */
import type { ServiceName } from './protocol/wire.js';

/** One API request as the simulator saw it. */
export interface CallRecord {
  seq: number;
  service: ServiceName;
  operation: string;
  params: Record<string, unknown>;
  /** Simulated time (epoch ms) when the request arrived. */
  time: number;
  /** Wall-clock time (epoch ms) when the request arrived. */
  realTime: number;
  outcome: 'ok' | 'error';
  errorCode?: string;
  /** Set when the simulator injected a fault instead of (or before) answering. */
  fault?: 'throttle' | 'server-error' | 'reset' | 'latency' | 'rate-limit' | 'access-denied' | 'error';
  mutating: boolean;
  /** Set when the answer was an earlier one (eventually consistent read, sim/consistency.ts). */
  stale?: boolean;
  /** The request's `user-agent` header (the kit's clients add `ecs-kit/<version>`), when sent. */
  userAgent?: string;
}

const READ_ONLY = /^(Describe|List|Get|BatchGet|BatchCheck)/;

/** True for operations that change state (everything but Describe*, List*, Get*, BatchGet*). */
export function isMutating(operation: string): boolean {
  return !READ_ONLY.test(operation);
}

/** An append-only list of call records with a sequence number. */
export class CallLog {
  private records: CallRecord[] = [];
  private seq = 0;

  /** Appends a record and returns it (callers may fill in the outcome later). */
  add(record: Omit<CallRecord, 'seq' | 'mutating'>): CallRecord {
    const full: CallRecord = { ...record, seq: ++this.seq, mutating: isMutating(record.operation) };
    this.records.push(full);
    return full;
  }

  /** Records after sequence number `since` (all when omitted). */
  list(since = 0): CallRecord[] {
    return this.records.filter((record) => record.seq > since);
  }

  /** Forgets every record; sequence numbers keep growing. */
  clear(): void {
    this.records = [];
  }
}
