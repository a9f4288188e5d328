/** An AWS service error as the simulator returns it: a code the SDK maps to a named exception. */
export class SimError extends Error {
  readonly code: string;
  readonly status: number;
  /** ELBv2 (query protocol) distinguishes caller faults (Sender) from service faults (Receiver). */
  readonly fault: 'Sender' | 'Receiver';

  constructor(code: string, message: string, options: { status?: number } = {}) {
    super(message);
    this.code = code;
    this.status = options.status ?? 400;
    this.fault = this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

/** Shorthand for the most common caller error in each service. */
export function invalidParameter(message: string): SimError {
  return new SimError('InvalidParameterException', message);
}
