/** Did-you-mean over repository and tag names (src/registry/nearest.ts). */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { editDistance, nearestNames } from '../../src/registry/nearest.js';

describe('nearestNames', () => {
  it('puts the closest names first, ties in the given order', () => {
    expect(nearestNames('v22', ['v1', 'v2', 'v3', 'latest', 'v2.2'])).toEqual(['v2', 'v2.2', 'v1']);
    expect(nearestNames('shpo', ['other', 'shop', 'shop-api'], 10)).toEqual(['shop', 'other', 'shop-api']);
    expect(nearestNames('x', [])).toEqual([]);
    expect(nearestNames('v1', ['v1', 'v1', 'v2'], 5)).toEqual(['v1', 'v2']);
  });

  it('edit distance is a metric: zero only for equal names, symmetric, triangle inequality', () => {
    const name = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(name, name, name, (a, b, c) => {
        expect(editDistance(a, b) === 0).toBe(a === b);
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c));
      }),
    );
  });

  it('returns at most `limit` of the candidates, none farther than one it left out', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 8 }),
        fc.array(fc.string({ maxLength: 8 })),
        fc.nat(5),
        (n, all, limit) => {
          const nearest = nearestNames(n, all, limit);
          expect(nearest.length).toBeLessThanOrEqual(limit);
          const worst = Math.max(...nearest.map((candidate) => editDistance(n, candidate)));
          for (const candidate of all.filter((entry) => !nearest.includes(entry)))
            if (nearest.length === limit) expect(editDistance(n, candidate)).toBeGreaterThanOrEqual(worst);
        },
      ),
    );
  });
});
