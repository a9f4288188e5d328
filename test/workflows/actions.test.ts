/** Every action.yml is valid action metadata (a schema that, unlike @action-validator/cli, knows node24). */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/action.js';
import { checkActionMetadata } from './checks/action-schema.js';

const actions = readdirSync(join(ROOT, 'actions')).filter((name) =>
  existsSync(join(ROOT, 'actions', name, 'action.yml')),
);

test('there are actions to check', () => {
  expect(actions.length).toBeGreaterThan(0);
});

test.each(actions)('actions/%s/action.yml matches the action metadata schema', (name) => {
  const path = `actions/${name}/action.yml`;
  expect(checkActionMetadata(readFileSync(join(ROOT, path), 'utf8'), path)).toEqual([]);
});
