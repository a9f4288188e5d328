/**
 * AWS Query (ELBv2): a form body `Action=<Op>&Version=2015-12-01&...` with lists flattened as
 * `Name.member.N` (1-based) and structures as `Name.Field`; responses are XML
 * `<OpResponse><OpResult>...</OpResult><ResponseMetadata/></OpResponse>`, lists as `<member>` elements.
 */
import { SimError } from '../errors.js';
import type { WireProtocol } from './wire.js';

const ELBV2_NAMESPACE = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

/** Parses a query-protocol form body into nested objects and arrays (values stay strings). */
export function parseQueryBody(body: string): {
  action: string;
  version: string;
  params: Record<string, unknown>;
} {
  const form = new URLSearchParams(body);
  const params: Record<string, unknown> = {};
  let action = '';
  let version = '';
  for (const [key, value] of form) {
    if (key === 'Action') action = value;
    else if (key === 'Version') version = value;
    else assignPath(params, key.split('.'), value);
  }
  return { action, version, params: compactArrays(params) as Record<string, unknown> };
}

function assignPath(target: Record<string, unknown>, path: string[], value: string): void {
  let node: Record<string, unknown> = target;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (segment === 'member' || segment === 'entry') continue;
    if (last) {
      // `Names=` with an empty value is how the SDK sends an empty list.
      node[segment] = node[segment] ?? value;
      return;
    }
    const nextIsIndex =
      (path[i + 1] === 'member' || path[i + 1] === 'entry') && /^\d+$/.test(path[i + 2] ?? '');
    if (node[segment] === undefined || typeof node[segment] !== 'object') {
      node[segment] = nextIsIndex ? { __list: true } : {};
    }
    node = node[segment] as Record<string, unknown>;
  }
}

function compactArrays(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (record.__list) {
    return Object.keys(record)
      .filter((key) => key !== '__list')
      .sort((a, b) => Number(a) - Number(b))
      .map((key) => compactArrays(record[key]));
  }
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(record)) out[key] = compactArrays(member);
  return out;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Serialises a value as query-protocol XML members. */
export function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((member) => `<member>${toXml(member)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined && member !== null)
      .map(([key, member]) => `<${key}>${toXml(member)}</${key}>`)
      .join('');
  }
  return escapeXml(String(value));
}

/** A complete query-protocol response document. */
export function queryResponse(action: string, result: unknown, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${ELBV2_NAMESPACE}">` +
    `<${action}Result>${toXml(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** A query-protocol error document. */
export function queryError(error: SimError, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${ELBV2_NAMESPACE}">` +
    `<Error><Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

/** AWS Query as ELBv2 speaks it: a form post with `Action=`, answered in XML. */
export const awsQueryProtocol: WireProtocol = {
  contentType: 'text/xml',
  errorCodes: { throttling: 'Throttling', serverError: 'InternalFailure', unknownOperation: 'InvalidAction' },
  // ELBv2 answers an IAM denial with HTTP 403 and `<Code>AccessDenied</Code>` (Type Sender).
  accessDenied: { code: 'AccessDenied', status: 403 },
  // Every request that does not name an `x-amz-target` is a query request.
  accepts: (headers) => typeof headers['x-amz-target'] !== 'string',
  decode(_headers, body) {
    const query = parseQueryBody(body);
    if (!query.action) throw new SimError('InvalidAction', 'missing Action parameter');
    return { service: 'elbv2', operation: query.action, params: query.params };
  },
  encodeResult: (operation, result, requestId) => queryResponse(operation, result, requestId),
  encodeError: (error, requestId) => queryError(error, requestId),
};
