/** Checks shared by the reliability runs: what a run's stderr and the simulator's state must never show. */

const FRAME = /^\s+at .+(\(.+:\d+:\d+\)|:\d+:\d+)$/m;
const UNHANDLED = /(Unhandled|uncaught|TypeError|ReferenceError|RangeError)[^\n]*/;

/** The first line of a stack trace or an unhandled-error report in `stderr`, if any. */
export function stackTraceIn(stderr: string): string | undefined {
  const frame = FRAME.exec(stderr) ?? UNHANDLED.exec(stderr);
  return frame ? frame[0].trim().slice(0, 200) : undefined;
}
