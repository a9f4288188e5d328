/**
 * Simulated time. The world runs `scale` times faster than the wall clock, so that AWS's
 * realistic settings (30 s health-check interval, 300 s deregistration delay) pass in milliseconds.
 * Events are scheduled at simulated instants and fire in order; one real timer waits for the earliest.
 */
export interface ScheduledEvent {
  id: number;
  at: number;
  run: () => void;
}

/** A clock whose time advances `scale` times faster than real time, with an ordered event queue. */
export class SimClock {
  private scale: number;
  private originReal: number;
  private originSim: number;
  private queue: ScheduledEvent[] = [];
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running = false;
  /** While an event fires, time stands at its scheduled instant (see fireDue). */
  private firingAt: number | undefined;
  private lastFired = -Infinity;

  constructor(options: { scale?: number; start?: number } = {}) {
    this.scale = options.scale ?? 1;
    this.originReal = Date.now();
    this.originSim = options.start ?? this.originReal;
  }

  /** Current simulated time in epoch milliseconds (an event's own instant while it fires). */
  now(): number {
    return this.firingAt ?? this.wallNow();
  }

  private wallNow(): number {
    return this.originSim + (Date.now() - this.originReal) * this.scale;
  }

  /** How many simulated milliseconds pass per real millisecond. */
  getScale(): number {
    return this.scale;
  }

  /** Changes the speed of time from now on; the current simulated instant is kept. */
  setScale(scale: number): void {
    if (!(scale > 0)) throw new Error(`time scale must be a positive number, got ${scale}`);
    const current = this.now();
    this.originReal = Date.now();
    this.originSim = current;
    this.scale = scale;
    this.arm();
  }

  /** Jumps simulated time forward by `ms`, firing every event that falls due. */
  advance(ms: number): void {
    this.originSim += ms;
    this.fireDue();
  }

  /** Runs `run` once simulated time reaches `at` (epoch ms). Returns an id for cancel(). */
  at(at: number, run: () => void): number {
    const event = { id: this.nextId++, at, run };
    // Keep the queue sorted by time, then by insertion, so equal instants fire in order.
    let index = this.queue.length;
    while (index > 0 && this.queue[index - 1].at > at) index--;
    this.queue.splice(index, 0, event);
    this.arm();
    return event.id;
  }

  /** Runs `run` after `delay` simulated milliseconds. */
  after(delay: number, run: () => void): number {
    return this.at(this.now() + delay, run);
  }

  /** Cancels a scheduled event; unknown ids are ignored. */
  cancel(id: number): void {
    const index = this.queue.findIndex((event) => event.id === id);
    if (index >= 0) this.queue.splice(index, 1);
  }

  /** Number of events still waiting. */
  pending(): number {
    return this.queue.length;
  }

  /** Fires every event whose time has come, including those that firing schedules. */
  fireDue(): void {
    if (this.running) return;
    this.running = true;
    try {
      // Each event sees time stand at its own instant, so a late timer on a busy machine does not
      // stretch the intervals it schedules; time never runs backwards between events.
      while (!this.stopped && this.queue.length > 0 && this.queue[0].at <= this.wallNow()) {
        const event = this.queue.shift()!;
        this.firingAt = Math.max(event.at, this.lastFired);
        this.lastFired = this.firingAt;
        try {
          event.run();
        } finally {
          this.firingAt = undefined;
        }
      }
    } finally {
      this.running = false;
    }
    this.arm();
  }

  /** Stops the clock: no more events fire. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || this.queue.length === 0 || this.running) return;
    const realDelay = Math.max(0, (this.queue[0].at - this.wallNow()) / this.scale);
    this.timer = setTimeout(() => this.fireDue(), Math.min(realDelay, 2 ** 31 - 1));
    this.timer.unref();
  }
}
