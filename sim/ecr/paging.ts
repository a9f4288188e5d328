/**
 * ECR paging: maxResults (1-1000, default 100 when omitted) and an opaque nextToken. Tokens carry the
 * position of the last returned item by insertion order, so a page boundary survives deletions.
 */
import { invalidParameter } from '../errors.js';

/** Where a page resumes: after item `seq`, skipping `offset` sub-entries of the next item (ListImages tags). */
export interface PagePosition {
  seq: number;
  offset: number;
}

/** Reads maxResults: 1-1000, 100 when omitted. */
export function readMaxResults(value: unknown, operation: string): number {
  if (value === undefined || value === null) return 100;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000) {
    throw invalidParameter(
      `1 validation error detected: Value '${String(value)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000 (${operation})`,
    );
  }
  return value;
}

/** Encodes a position for `operation` (a token from one operation is not valid for another). */
export function encodeToken(operation: string, position: PagePosition): string {
  return Buffer.from(JSON.stringify({ op: operation, ...position }), 'utf8').toString('base64');
}

/** Decodes a nextToken; undefined when none was given. */
export function decodeToken(token: unknown, operation: string): PagePosition | undefined {
  if (token === undefined || token === null || token === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as {
      op?: unknown;
      seq?: unknown;
      offset?: unknown;
    };
    if (parsed.op === operation && typeof parsed.seq === 'number' && typeof parsed.offset === 'number') {
      return { seq: parsed.seq, offset: parsed.offset };
    }
  } catch {
    // fall through to the error below
  }
  throw invalidParameter(
    "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid NextToken'",
  );
}
