/** Property tests of the merge rules: lists append, maps merge one level deep, scalars override. */
import fc from 'fast-check';
import { mergeConfig, mergeValue, isMap } from '../../src/config/merge.js';
import type { KitSettings } from '../../src/config/types.js';

const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean());
const leaf = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }));
const map = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), leaf, { maxKeys: 5 });
const value = fc.oneof(
  scalar,
  fc.array(fc.oneof(scalar, map), { maxLength: 4 }),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.oneof(leaf, map), { maxKeys: 5 }),
);
const settings = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), value, { maxKeys: 6 });

const asSettings = (record: Record<string, unknown>) => record as KitSettings;

describe('mergeConfig', () => {
  test('a key only the base sets is inherited unchanged', () => {
    fc.assert(
      fc.property(settings, settings, (base, overlay) => {
        const merged = mergeConfig(asSettings(base), asSettings(overlay)) as Record<string, unknown>;
        for (const key of Object.keys(base)) {
          if (!(key in overlay)) expect(merged[key]).toEqual(base[key]);
        }
      }),
    );
  });

  test('lists append: the base items first, then the environment items', () => {
    fc.assert(
      fc.property(fc.array(scalar), fc.array(scalar), (baseList, overlayList) => {
        const merged = mergeConfig(asSettings({ a: baseList }), asSettings({ a: overlayList })) as Record<
          string,
          unknown
        >;
        expect(merged.a).toEqual([...baseList, ...overlayList]);
      }),
    );
  });

  test('maps merge one level deep: base keys kept, environment keys replace whole values', () => {
    fc.assert(
      fc.property(map, map, (baseMap, overlayMap) => {
        const merged = mergeValue(baseMap, overlayMap) as Record<string, unknown>;
        expect(Object.keys(merged).sort()).toEqual(
          [...new Set([...Object.keys(baseMap), ...Object.keys(overlayMap)])].sort(),
        );
        for (const [key, item] of Object.entries(overlayMap)) expect(merged[key]).toEqual(item);
        for (const [key, item] of Object.entries(baseMap))
          if (!(key in overlayMap)) expect(merged[key]).toEqual(item);
      }),
    );
  });

  test('nested values are not merged further (a nested list is replaced, not appended)', () => {
    const merged = mergeValue({ steps: [10], keep: 1 }, { steps: [50, 100] });
    expect(merged).toEqual({ steps: [50, 100], keep: 1 });
  });

  test('scalars (and values of different kinds) are overridden by the environment', () => {
    fc.assert(
      fc.property(value, scalar, (baseValue, overlayScalar) => {
        expect(mergeValue(baseValue, overlayScalar)).toEqual(overlayScalar);
      }),
    );
    fc.assert(
      fc.property(scalar, fc.oneof(map, fc.array(scalar)), (baseScalar, overlayValue) => {
        expect(mergeValue(baseScalar, overlayValue)).toEqual(overlayValue);
      }),
    );
  });

  test('merging an empty environment gives the base; neither input is modified', () => {
    fc.assert(
      fc.property(settings, settings, (base, overlay) => {
        const before = structuredClone({ base, overlay });
        expect(mergeConfig(asSettings(base), {})).toEqual(base);
        mergeConfig(asSettings(base), asSettings(overlay));
        expect({ base, overlay }).toEqual(before);
      }),
    );
  });

  test('every key of either side is in the result, and only those', () => {
    fc.assert(
      fc.property(settings, settings, (base, overlay) => {
        const merged = mergeConfig(asSettings(base), asSettings(overlay));
        expect(Object.keys(merged).sort()).toEqual(
          [...new Set([...Object.keys(base), ...Object.keys(overlay)])].sort(),
        );
        for (const key of Object.keys(merged)) {
          const kept = (merged as Record<string, unknown>)[key];
          if (isMap(base[key]) && isMap(overlay[key])) expect(isMap(kept)).toBe(true);
        }
      }),
    );
  });
});
