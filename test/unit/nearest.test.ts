/** nearestNames: the did-you-mean behind unknown clusters, services and config keys. */
import fc from 'fast-check';
import { editDistance, nearestNames } from '../../src/validation/nearest.js';

test.each([
  ['wbe', ['web', 'worker', 'api'], ['web']],
  ['shop-prod', ['shop-production', 'shop-staging'], ['shop-production']],
  ['Web', ['web', 'worker'], ['web']],
  ['timeout', ['timeouts', 'deploy'], ['timeouts']],
  ['xyz', ['web', 'worker'], []],
  ['web', ['web'], []],
])('%s among %j → %j', (name, candidates, expected) => {
  expect(nearestNames(name, candidates)).toEqual(expected);
});

test('nearest first, ties alphabetical, at most limit', () => {
  expect(nearestNames('web-1', ['web-3', 'web-2', 'web-10', 'api'], 2)).toEqual(['web-10', 'web-2']);
});

test('property: edit distance is symmetric, zero only for equal strings, at most the longer length', () => {
  const word = fc.stringMatching(/^[a-c]{0,6}$/);
  fc.assert(
    fc.property(word, word, word, (a, b, c) => {
      expect(editDistance(a, a)).toBe(0);
      expect(editDistance(a, b)).toBe(editDistance(b, a));
      expect(editDistance(a, c) === 0).toBe(a === c);
      expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
    }),
  );
});

test('property: a suggestion is always one of the candidates and never the name itself', () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 8 }),
      fc.array(fc.string({ maxLength: 8 }), { maxLength: 6 }),
      (name, list) => {
        for (const suggestion of nearestNames(name, list, 3)) {
          expect(list).toContain(suggestion);
          expect(suggestion).not.toBe(name);
        }
      },
    ),
  );
});
