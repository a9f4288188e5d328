/** Pagination as the ECS List* operations do it: maxResults within a documented range, an opaque nextToken. */
import { ecsError } from './state.js';

/** One page of items and the token for the next one. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Options for paginate: the operation's default and largest page size. */
export interface PageLimits {
  defaultSize: number;
  maxSize: number;
}

/** Cuts one page out of `items`; the token encodes the offset and the page's context. */
export function paginate<T>(
  items: T[],
  params: { maxResults?: unknown; nextToken?: unknown },
  limits: PageLimits,
): Page<T> {
  let size = limits.defaultSize;
  if (params.maxResults !== undefined) {
    const requested = Number(params.maxResults);
    if (!Number.isInteger(requested) || requested < 1 || requested > limits.maxSize) {
      throw ecsError.invalid(`maxResults must be between 1 and ${limits.maxSize}.`);
    }
    size = requested;
  }
  let offset = 0;
  if (params.nextToken !== undefined && params.nextToken !== '') {
    const decoded = Buffer.from(String(params.nextToken), 'base64url').toString('utf8');
    const match = /^offset:(\d+)$/.exec(decoded);
    if (!match) throw ecsError.invalid('Invalid nextToken.');
    offset = Number(match[1]);
  }
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return {
    items: page,
    nextToken: next < items.length ? Buffer.from(`offset:${next}`).toString('base64url') : undefined,
  };
}
