/** Resource tags as AWS validates them: at most 50 per resource, keys 1-128 characters, no `aws:` prefix. */
import { SimError } from '../errors.js';
import { optionalStructList, requiredString, validationError, type QueryParams } from './params.js';
import type { TagMap } from './records.js';

/** AWS's limit of tags on one resource. */
export const MAX_TAGS = 50;

/** Parses a `Tags` list; duplicate keys raise DuplicateTagKeys. */
export function parseTags(params: QueryParams, name = 'Tags'): TagMap {
  const tags: TagMap = new Map();
  for (const [index, tag] of (optionalStructList(params, name) ?? []).entries()) {
    const key = requiredString(tag, 'Key');
    const value = typeof tag.Value === 'string' ? tag.Value : '';
    if (key.length > 128 || value.length > 256) {
      throw validationError(`${name} member ${index + 1}: keys take 1-128 and values 0-256 characters`);
    }
    if (key.toLowerCase().startsWith('aws:'))
      throw validationError(`tag key '${key}' uses the reserved prefix 'aws:'`);
    if (tags.has(key)) throw new SimError('DuplicateTagKeys', `tag key '${key}' appears more than once`);
    tags.set(key, value);
  }
  if (tags.size > MAX_TAGS) throw new SimError('TooManyTags', `a resource takes at most ${MAX_TAGS} tags`);
  return tags;
}

/** Merges new tags into a resource's tags (same key overwrites), enforcing the per-resource limit. */
export function mergeTags(target: TagMap, added: TagMap): void {
  const merged = new Map([...target, ...added]);
  if (merged.size > MAX_TAGS) throw new SimError('TooManyTags', `a resource takes at most ${MAX_TAGS} tags`);
  for (const [key, value] of added) target.set(key, value);
}

/** Tags in the wire shape. */
export function renderTags(tags: TagMap): { Key: string; Value: string }[] {
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}
