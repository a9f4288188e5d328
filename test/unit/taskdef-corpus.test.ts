/** Every real-world task definition in the shared corpus loads and renders into a RegisterTaskDefinition request. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  loadTaskDefinitionText,
  READ_ONLY_FIELDS,
  REGISTER_FIELDS,
  renderTaskDefinition,
  sameTaskDefinition,
} from '../../src/taskdef/index.js';

const CORPUS = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'taskdefs');
const files = readdirSync(CORPUS).filter((file) => file.endsWith('.json'));

test('the corpus has its 35 task definitions', () => {
  expect(files).toHaveLength(35);
});

describe.each(files)('%s', (file) => {
  test('loads, renders with new images and keeps only RegisterTaskDefinition fields', () => {
    const loaded = loadTaskDefinitionText(file, readFileSync(join(CORPUS, file), 'utf8'));
    const names = (loaded.taskDefinition.containerDefinitions ?? []).map((container) => container.name!);
    const images = new Map(
      names.map((name, index) => [name, `123456789012.dkr.ecr.us-east-1.amazonaws.com/corpus:c${index}`]),
    );
    const placeholderSize = (value: unknown) => value !== undefined && !/^\d+$/.test(String(value));
    const rendered = renderTaskDefinition(loaded.taskDefinition, {
      images,
      cpu: placeholderSize(loaded.taskDefinition.cpu) ? '256' : undefined,
      memory: placeholderSize(loaded.taskDefinition.memory) ? '512' : undefined,
    });
    for (const key of Object.keys(rendered)) expect(REGISTER_FIELDS).toContain(key);
    for (const field of READ_ONLY_FIELDS) expect(rendered).not.toHaveProperty(field);
    expect(JSON.stringify(rendered)).not.toContain('null');
    expect(rendered.containerDefinitions?.map((container) => container.image)).toEqual([...images.values()]);
    expect(sameTaskDefinition(rendered, rendered)).toBe(true);
  });
});
