/**
 * How an environment inherits the base, key by key at the top level of the settings:
 * - both values are lists: the environment's items are appended to the base's;
 * - both values are maps: merged one level deep, the environment's entries replacing the base's entry of
 *   the same key whole (a list or map nested inside is replaced, not merged further);
 * - otherwise (scalars, or a key only one side sets): the environment's value wins when it sets one.
 * One level, not a deep merge, so that reading an environment tells you what it gets without recursion.
 */
import type { KitSettings } from './types.js';

/** A parsed YAML/JSON value. */
type Plain = unknown;

/** True for a plain object (a YAML map), false for lists, null and scalars. */
export function isMap(value: Plain): value is Record<string, Plain> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges one key's values by the rules above. */
export function mergeValue(base: Plain, overlay: Plain): Plain {
  if (overlay === undefined) return base;
  if (Array.isArray(base) && Array.isArray(overlay)) return [...base, ...overlay];
  if (isMap(base) && isMap(overlay)) return { ...base, ...overlay };
  return overlay;
}

/** The environment's settings: the base with the overlay merged into it. Neither argument is modified. */
export function mergeConfig(base: KitSettings, overlay: KitSettings): KitSettings {
  const merged: Record<string, Plain> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    merged[key] = mergeValue(merged[key], value);
  }
  return merged as KitSettings;
}
