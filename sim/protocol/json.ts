/**
 * AWS JSON 1.0 (CloudWatch) and 1.1 (ECS, ECR): the operation comes in `x-amz-target: <Prefix>.<Operation>`,
 * the body is JSON, timestamps go out as epoch seconds, and errors as status 400/5xx with
 * `{"__type": code, "message": ...}`. The two versions differ only in the content type and in which
 * services speak them, so one implementation serves both.
 */
import { SimError } from '../errors.js';
import type { ServiceName, WireProtocol } from './wire.js';

/** The `x-amz-target` prefixes of the services that speak AWS JSON 1.1. */
const JSON_11_TARGETS: Record<string, ServiceName> = {
  AmazonEC2ContainerServiceV20141113: 'ecs',
  AmazonEC2ContainerRegistry_V20150921: 'ecr',
};

/** The `x-amz-target` prefixes of the services that speak AWS JSON 1.0. */
const JSON_10_TARGETS: Record<string, ServiceName> = {
  GraniteServiceVersion20100801: 'cloudwatch',
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

/** What sets one AWS JSON version apart: its content type, its services and their error codes. */
interface JsonVersion {
  contentType: string;
  targets: Record<string, ServiceName>;
  errorCodes: WireProtocol['errorCodes'];
  /** True when a request with an `x-amz-target` header belongs to this version. */
  accepts(contentType: string): boolean;
  /**
   * Query-compatible services (CloudWatch) also name the error in `x-amzn-query-error: <Code>;<Sender|Receiver>`,
   * which the SDK reads to pick the exception and set its `Code`.
   */
  queryCompatible?: boolean;
}

/** An AWS JSON protocol of one version. */
function awsJson(version: JsonVersion): WireProtocol {
  return {
    contentType: version.contentType,
    errorCodes: version.errorCodes,
    accepts: (headers) =>
      typeof headers['x-amz-target'] === 'string' && version.accepts(String(headers['content-type'] ?? '')),
    decode(headers, body) {
      const header = String(headers['x-amz-target']);
      const target = parseTarget(header);
      const service = target && version.targets[target.prefix];
      if (!target || !service) throw new SimError('UnknownOperationException', `unknown target ${header}`);
      try {
        return { service, operation: target.operation, params: parseJsonBody(body) };
      } catch (error) {
        throw new SimError('SerializationException', String(error));
      }
    },
    encodeResult: (_operation, result) => toJsonBody(encodeDates(result)),
    encodeError: (error) => jsonError(error),
    errorHeaders: version.queryCompatible
      ? (error) => ({ 'x-amzn-query-error': `${error.code};${error.fault}` })
      : undefined,
  };
}

const JSON_10_TYPE = 'application/x-amz-json-1.0';

/** AWS JSON 1.0 as CloudWatch speaks it (query-compatible: errors also carry `x-amzn-query-error`). */
export const awsJson10Protocol: WireProtocol = awsJson({
  contentType: JSON_10_TYPE,
  targets: JSON_10_TARGETS,
  errorCodes: {
    throttling: 'Throttling',
    serverError: 'InternalServiceFault',
    unknownOperation: 'UnknownOperationException',
  },
  accepts: (contentType) => contentType.startsWith(JSON_10_TYPE),
  queryCompatible: true,
});

/** AWS JSON 1.1 as ECS and ECR speak it: every other request that carries `x-amz-target`. */
export const awsJsonProtocol: WireProtocol = awsJson({
  contentType: 'application/x-amz-json-1.1',
  targets: JSON_11_TARGETS,
  errorCodes: {
    throttling: 'ThrottlingException',
    serverError: 'ServerException',
    unknownOperation: 'UnknownOperationException',
  },
  accepts: () => true,
});
