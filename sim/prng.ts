/** A small seeded pseudo-random generator (mulberry32), so fault injection is repeatable. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** True with probability `percent`/100. */
  chance(percent: number): boolean {
    return percent > 0 && this.next() * 100 < percent;
  }

  /** An integer in [0, max). */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  /** A lowercase hex string of `length` characters. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.int(16).toString(16);
    return out;
  }
}
