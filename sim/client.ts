/** A small client for the control API, used by tests, benchmarks and the demo. */
import type { CallRecord } from './calllog.js';
import type { ImageBehaviour } from './behaviour.js';
import type { FaultConfig } from './faults.js';
import type { TimelineEvent, WorldSeed } from './world.js';

/** Talks to `/_sim/*` of a running simulator. */
export class SimControl {
  constructor(readonly endpoint: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.endpoint}/_sim/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`simulator control ${method} ${path} failed (${response.status}): ${text}`);
    return JSON.parse(text) as T;
  }

  reset(options: { timeScale?: number; seed?: number } = {}): Promise<unknown> {
    return this.call('POST', 'reset', options);
  }
  seed(seed: WorldSeed): Promise<unknown> {
    return this.call('POST', 'seed', seed);
  }
  behaviours(entries: Record<string, ImageBehaviour>): Promise<unknown> {
    return this.call('POST', 'behaviours', entries);
  }
  timeScale(scale: number): Promise<unknown> {
    return this.call('POST', 'time-scale', { scale });
  }
  advance(ms: number): Promise<unknown> {
    return this.call('POST', 'advance', { ms });
  }
  faults(config: FaultConfig): Promise<unknown> {
    return this.call('POST', 'faults', config);
  }
  async calls(since = 0): Promise<CallRecord[]> {
    return (await this.call<{ calls: CallRecord[] }>('GET', `calls?since=${since}`)).calls;
  }
  async timeline(since = 0): Promise<TimelineEvent[]> {
    return (await this.call<{ events: TimelineEvent[] }>('GET', `timeline?since=${since}`)).events;
  }
  state<T = Record<string, unknown>>(): Promise<T> {
    return this.call('GET', 'state');
  }
  /** Holds a CloudWatch alarm in a state (`follow: true` lets it follow its metric again). */
  alarmState(input: {
    name: string;
    state?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
    reason?: string;
    follow?: boolean;
  }): Promise<unknown> {
    return this.call('POST', 'alarm-state', input);
  }
  /** Listener proxy URLs and task apps, once every server listens (simulator started with `dataPlane`). */
  dataPlane<T = Record<string, unknown>>(): Promise<T> {
    return this.call('GET', 'dataplane');
  }
}
