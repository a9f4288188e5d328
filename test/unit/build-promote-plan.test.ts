/** Promotion planning: unchanged, moved and conflicting tags; conflicts name both digests. */
import fc from 'fast-check';
import { conflictMessage, planPromotion } from '../../src/build/promote-plan.js';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

test('new tags are put, tags already on the digest are unchanged', () => {
  const plan = planPromotion({
    digest: A,
    tags: ['prod', 'v1', 'prod'],
    existing: new Map([['v1', A]]),
    immutable: true,
  });
  expect(plan).toEqual({ put: ['prod'], unchanged: ['v1'], conflicts: [], moved: [] });
});

test('a tag on another digest moves in a mutable repository and conflicts in an immutable one', () => {
  const existing = new Map([['prod', B]]);
  expect(planPromotion({ digest: A, tags: ['prod'], existing, immutable: false })).toEqual({
    put: ['prod'],
    unchanged: [],
    conflicts: [],
    moved: [{ tag: 'prod', existingDigest: B }],
  });
  const immutable = planPromotion({ digest: A, tags: ['prod'], existing, immutable: true });
  expect(immutable.put).toEqual([]);
  expect(conflictMessage(A, immutable.conflicts)).toBe(
    `cannot tag ${A}: tag prod is immutable and points at ${B}, not ${A}`,
  );
});

test('every requested tag lands in exactly one bucket', () => {
  const digest = fc.constantFrom(A, B);
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 6 }),
      fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), digest),
      fc.boolean(),
      (tags, existing, immutable) => {
        const plan = planPromotion({
          digest: A,
          tags,
          existing: new Map(Object.entries(existing)),
          immutable,
        });
        const buckets = [...plan.put, ...plan.unchanged, ...plan.conflicts.map((conflict) => conflict.tag)];
        expect(buckets.sort()).toEqual([...new Set(tags)].sort());
        if (immutable) expect(plan.moved).toEqual([]);
      },
    ),
  );
});
