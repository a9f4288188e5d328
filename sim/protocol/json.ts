/**
 * AWS JSON 1.1 (ECS, ECR): the operation comes in `x-amz-target: <Prefix>.<Operation>`, the body is JSON,
 * timestamps go out as epoch seconds, and errors as status 400/5xx with `{"__type": code, "message": ...}`.
 */
import { SimError } from '../errors.js';
import type { ServiceName, WireProtocol } from './wire.js';

/** The `x-amz-target` prefixes of the services that speak AWS JSON 1.1. */
const JSON_TARGETS: Record<string, ServiceName> = {
  AmazonEC2ContainerServiceV20141113: 'ecs',
  AmazonEC2ContainerRegistry_V20150921: 'ecr',
};

/** Splits an `x-amz-target` header into its service prefix and operation. */
export function parseTarget(target: string): { prefix: string; operation: string } | undefined {
  const dot = target.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return { prefix: target.slice(0, dot), operation: target.slice(dot + 1) };
}

/** Parses a JSON 1.1 request body; an empty body is an empty object. */
export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  const parsed: unknown = JSON.parse(body);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('request body is not a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** Serialises a response: Dates become epoch seconds, undefined members are dropped. */
export function toJsonBody(value: unknown): string {
  return JSON.stringify(value ?? {}, (_key, member: unknown) => member, 0).replace(
    /"__date__:(-?\d+(?:\.\d+)?)"/g,
    '$1',
  );
}

/** Prepares a response object for toJsonBody: Dates are replaced by epoch-second markers. */
export function encodeDates(value: unknown): unknown {
  if (value instanceof Date) return `__date__:${value.getTime() / 1000}`;
  if (Array.isArray(value)) return value.map(encodeDates);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) out[key] = encodeDates(member);
    }
    return out;
  }
  return value;
}

/** The JSON 1.1 error body. */
export function jsonError(error: SimError): string {
  return JSON.stringify({ __type: error.code, message: error.message });
}

/** AWS JSON 1.1 as ECS and ECR speak it: requests carry `x-amz-target`. */
export const awsJsonProtocol: WireProtocol = {
  contentType: 'application/x-amz-json-1.1',
  errorCodes: {
    throttling: 'ThrottlingException',
    serverError: 'ServerException',
    unknownOperation: 'UnknownOperationException',
  },
  // ECS and ECR answer an IAM denial with HTTP 400 and `AccessDeniedException`.
  accessDenied: { code: 'AccessDeniedException', status: 400 },
  accepts: (headers) => typeof headers['x-amz-target'] === 'string',
  decode(headers, body) {
    const header = String(headers['x-amz-target']);
    const target = parseTarget(header);
    const service = target && JSON_TARGETS[target.prefix];
    if (!target || !service) throw new SimError('UnknownOperationException', `unknown target ${header}`);
    try {
      return { service, operation: target.operation, params: parseJsonBody(body) };
    } catch (error) {
      throw new SimError('SerializationException', String(error));
    }
  },
  encodeResult: (_operation, result) => toJsonBody(encodeDates(result)),
  encodeError: (error) => jsonError(error),
};
