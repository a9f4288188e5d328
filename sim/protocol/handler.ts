/** The contract between the wire protocols and the service models: one function per operation. */

/** Context handed to every operation handler. */
export interface CallContext {
  requestId: string;
  /** Simulated time of the request, epoch ms. */
  now: number;
}

/** An operation handler: request parameters in, response object out (Dates allowed), or a thrown SimError. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (params: any, context: CallContext) => unknown;

/** A service's operation handlers by operation name. */
export type Handlers = Record<string, Handler>;
