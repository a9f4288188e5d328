/** Marker/PageSize pagination as ELBv2's Describe* operations do it (PageSize 1-400). */
import { validationError } from './params.js';

/** One page of items and the marker for the next page, if any. */
export interface Page<T> {
  items: T[];
  nextMarker?: string;
}

/** Cuts a page from `items`; the marker is opaque to callers and encodes the offset. */
export function paginate<T>(items: T[], options: { marker?: string; pageSize?: number }): Page<T> {
  const offset = options.marker === undefined ? 0 : decodeMarker(options.marker);
  // AWS returns everything (up to its internal limit of 400) when PageSize is not given.
  const pageSize = options.pageSize ?? 400;
  const slice = items.slice(offset, offset + pageSize);
  const next = offset + pageSize;
  return { items: slice, nextMarker: next < items.length ? encodeMarker(next) : undefined };
}

function encodeMarker(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function decodeMarker(marker: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
  if (!match) throw validationError(`Marker '${marker}' is not a marker this service returned`);
  return Number(match[1]);
}
