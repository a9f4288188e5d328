/**
 * A wire protocol: how one family of AWS services puts an operation on HTTP. The server picks the protocol
 * a request speaks, then runs the same steps for every service: decode, log, faults, dispatch, encode.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SimError } from '../errors.js';

/** The simulated services, as the call log and fault rules name them. */
export type ServiceName = 'ecs' | 'ecr' | 'elbv2' | 'cloudwatch';

/** One decoded API request. */
export interface DecodedCall {
  service: ServiceName;
  operation: string;
  params: Record<string, unknown>;
}

/** The error codes a protocol's SDK clients classify as throttling, server fault and unknown operation. */
export interface ProtocolErrorCodes {
  throttling: string;
  serverError: string;
  unknownOperation: string;
}

/** Decodes requests and encodes responses and errors of one wire protocol. */
export interface WireProtocol {
  /** The `content-type` of every response. */
  readonly contentType: string;
  readonly errorCodes: ProtocolErrorCodes;
  /** True when the request speaks this protocol. */
  accepts(headers: IncomingHttpHeaders): boolean;
  /** The request's service, operation and parameters; throws SimError when it cannot be decoded. */
  decode(headers: IncomingHttpHeaders, body: string): DecodedCall;
  /** A successful response body (Dates allowed in `result`). */
  encodeResult(operation: string, result: unknown, requestId: string): string;
  /** An error response body. */
  encodeError(error: SimError, requestId: string): string;
  /** Extra headers of an error response, when the protocol has any. */
  errorHeaders?(error: SimError): Record<string, string>;
}
