/** A map input merges over the config's entries by key; `replace` keeps only the step's and names the rest. */
import fc from 'fast-check';
import { mergeKeyedLines } from '../../src/config/keyed-merge.js';

const parse = (text: string) =>
  new Map(
    text
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

test('the step wins by key, the config keeps the rest, in config order then step order', () => {
  expect(mergeKeyedLines('LOG_LEVEL=info\nWORKERS=4', 'LOG_LEVEL=debug', false)).toEqual({
    value: 'WORKERS=4\nLOG_LEVEL=debug',
    overridden: ['LOG_LEVEL'],
    dropped: [],
  });
});

test('replace keeps the step lines only and names what the config loses', () => {
  expect(mergeKeyedLines('LOG_LEVEL=info\nWORKERS=4\nMODE=a', 'LOG_LEVEL=debug', true)).toEqual({
    value: 'LOG_LEVEL=debug',
    overridden: ['LOG_LEVEL'],
    dropped: ['WORKERS', 'MODE'],
  });
});

const key = fc.constantFrom('A', 'B', 'C', 'web:A', 'D_1');
const pairs = fc.uniqueArray(fc.tuple(key, fc.stringMatching(/^[a-z0-9:/.@-]{0,8}$/)), {
  selector: ([name]) => name,
  maxLength: 5,
});
const text = (entries: [string, string][]) => entries.map(([name, value]) => `${name}=${value}`).join('\n');

test('property: every key of either side is present once, with the step value when both set it', () => {
  fc.assert(
    fc.property(pairs, pairs, (configured, explicit) => {
      const merged = parse(mergeKeyedLines(text(configured), text(explicit), false).value);
      const expected = new Map([...configured, ...explicit]);
      expect(merged).toEqual(expected);
      const lines = mergeKeyedLines(text(configured), text(explicit), false)
        .value.split('\n')
        .filter(Boolean);
      expect(lines.length).toBe(expected.size);
    }),
  );
});

test('property: with replace, the value is the step text and dropped is exactly the config keys it lacks', () => {
  fc.assert(
    fc.property(pairs, pairs, (configured, explicit) => {
      const result = mergeKeyedLines(text(configured), text(explicit), true);
      expect(result.value).toBe(text(explicit));
      const given = new Set(explicit.map(([name]) => name));
      expect(result.dropped).toEqual(configured.map(([name]) => name).filter((name) => !given.has(name)));
    }),
  );
});
