/** Rules that must always hold, checked with fast-check over generated task definitions and overrides. */
import fc from 'fast-check';
import {
  renderTaskDefinition,
  sameTaskDefinition,
  type TaskDefinitionInput,
} from '../../src/taskdef/index.js';

const name = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/);
const variables = fc.uniqueArray(fc.record({ name, value: fc.string({ maxLength: 12 }) }), {
  selector: (variable) => variable.name,
  maxLength: 8,
});

function definition(environment: { name: string; value: string }[]): TaskDefinitionInput {
  return {
    family: 'shop-web',
    containerDefinitions: [{ name: 'web', image: 'nginx:1.27', environment }],
  };
}

test('the order of environment variables never makes a definition different', () => {
  fc.assert(
    fc.property(variables, fc.func(fc.integer()), (environment, key) => {
      const shuffled = [...environment].sort((a, b) => key(a.name) - key(b.name));
      expect(sameTaskDefinition(definition(environment), definition(shuffled))).toBe(true);
    }),
  );
});

test('merging environment: every update wins once, untouched variables stay, the base is not mutated', () => {
  fc.assert(
    fc.property(variables, variables, (existing, updates) => {
      const base = definition(existing);
      const snapshot = JSON.stringify(base);
      const rendered = renderTaskDefinition(base, {
        environment: updates.map((update) => ({ ...update, container: 'web' })),
      });
      const result = rendered.containerDefinitions![0].environment!;
      expect(JSON.stringify(base)).toBe(snapshot);
      expect(new Set(result.map((variable) => variable.name)).size).toBe(result.length);
      for (const update of updates) expect(result).toContainEqual(update);
      for (const variable of existing) {
        if (!updates.some((update) => update.name === variable.name)) expect(result).toContainEqual(variable);
      }
    }),
  );
});

test('a changed value is always a different definition', () => {
  fc.assert(
    fc.property(
      variables.filter((list) => list.length > 0),
      fc.nat(),
      (environment, index) => {
        const changed = environment.map((variable, position) =>
          position === index % environment.length ? { ...variable, value: `${variable.value}!` } : variable,
        );
        expect(sameTaskDefinition(definition(environment), definition(changed))).toBe(false);
      },
    ),
  );
});
