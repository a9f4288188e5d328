/**
 * Every real-world task definition in the corpus (test/fixtures/corpus) loads into exactly its source file
 * minus what the kit documents it removes, and renders into a RegisterTaskDefinition request that differs
 * from the source only where the overrides say.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  loadTaskDefinitionText,
  READ_ONLY_FIELDS,
  REGISTER_FIELDS,
  renderTaskDefinition,
  type ContainerDefinitionInput,
  type TaskDefinitionInput,
} from '../../src/taskdef/index.js';
import { CORPUS_VARIABLES, renderCorpus } from './taskdef-corpus-kit.js';

const CORPUS = resolve(import.meta.dirname, '..', 'fixtures', 'corpus', 'taskdefs');
const files = readdirSync(CORPUS).filter((file) => file.endsWith('.json'));

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The source without nulls (documented: exported definitions carry `"hostname": null`, which ECS rejects). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== null).map(withoutNulls);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null)
      .map(([key, item]) => [key, withoutNulls(item)]),
  );
}

/**
 * What loading must make of a source file, written from the kit's documented rules rather than its code:
 * unwrap `{"taskDefinition": …}` (keeping the tags beside it), drop READ_ONLY_FIELDS and nulls, and read a
 * secret's `value` as its `valueFrom` (a repair reported as a warning).
 */
function expectedFromSource(text: string): { definition: Json; readOnly: string[] } {
  const document = JSON.parse(text) as Json;
  const wrapped = isObject(document.taskDefinition);
  const definition: Json = wrapped ? { ...(document.taskDefinition as Json) } : { ...document };
  if (wrapped && Array.isArray(document.tags) && definition.tags === undefined)
    definition.tags = document.tags;
  const readOnly = Object.keys(definition).filter((key) =>
    (READ_ONLY_FIELDS as readonly string[]).includes(key),
  );
  for (const key of readOnly) delete definition[key];
  const clean = withoutNulls(definition) as Json;
  for (const container of clean.containerDefinitions as Json[]) {
    if (!Array.isArray(container.secrets)) continue;
    container.secrets = (container.secrets as Json[]).map(({ value, ...secret }) =>
      value === undefined ? secret : { ...secret, valueFrom: value },
    );
  }
  return { definition: clean, readOnly: readOnly.map((key) => (wrapped ? `taskDefinition.${key}` : key)) };
}

/** Fills the corpus variables in every string value, in the four documented placeholder forms. */
function filled(value: unknown): unknown {
  if (typeof value === 'string') {
    let text = value;
    for (const [name, replacement] of CORPUS_VARIABLES)
      for (const form of [`\${${name}}`, `<${name}>`, `__${name}__`, `%${name}%`])
        text = text.split(form).join(replacement);
    return text;
  }
  if (Array.isArray(value)) return value.map(filled);
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, filled(item)]));
  return value;
}

/** The task-level fields (everything but the containers), with cpu and memory as ECS takes them: strings. */
function taskLevel(definition: Json | TaskDefinitionInput): Json {
  const { containerDefinitions: _containers, ...task } = definition as Json;
  for (const field of ['cpu', 'memory'])
    if (task[field] !== undefined) task[field] = String(task[field] as string | number);
  return task;
}

/** A copy of `definition` with container `name` running `image`. */
function withImage(definition: TaskDefinitionInput, name: string, image: string): TaskDefinitionInput {
  return {
    ...definition,
    containerDefinitions: definition.containerDefinitions?.map((container) =>
      container.name === name ? { ...container, image } : container,
    ),
  };
}

test('the corpus has its 35 task definitions', () => {
  expect(files).toHaveLength(35);
});

describe.each(files)('%s', (file) => {
  const text = readFileSync(join(CORPUS, file), 'utf8');
  const expected = expectedFromSource(text);

  test('loads into the source file minus the read-only fields and nulls', () => {
    const loaded = loadTaskDefinitionText(file, text);
    expect(loaded.taskDefinition).toEqual(expected.definition);
    expect(loaded.stripped).toEqual(expected.readOnly);
  });

  test('renders every container as in the source, with only its image replaced', () => {
    const loaded = loadTaskDefinitionText(file, text);
    const { rendered, images } = renderCorpus(loaded.taskDefinition);
    for (const key of Object.keys(rendered)) expect(REGISTER_FIELDS).toContain(key);
    for (const field of READ_ONLY_FIELDS) expect(rendered).not.toHaveProperty(field);
    expect(JSON.stringify(rendered)).not.toContain('null');

    const source = filled(expected.definition) as Json;
    expect(taskLevel(rendered)).toEqual(taskLevel(source));
    const sourceContainers = source.containerDefinitions as ContainerDefinitionInput[];
    expect(rendered.containerDefinitions).toHaveLength(sourceContainers.length);
    sourceContainers.forEach((container, index) => {
      expect(rendered.containerDefinitions?.[index]).toEqual({
        ...container,
        image: images.get(container.name!),
      });
    });
  });

  test('an image override changes exactly that container image', () => {
    const loaded = loadTaskDefinitionText(file, text);
    const { rendered, images } = renderCorpus(loaded.taskDefinition);
    const [name] = [...images.keys()];
    const override = '123456789012.dkr.ecr.us-east-1.amazonaws.com/corpus:override';
    const overridden = renderTaskDefinition(loaded.taskDefinition, {
      variables: CORPUS_VARIABLES,
      images: new Map([...images, [name, override]]),
    });
    expect(overridden).not.toEqual(rendered);
    expect(overridden).toEqual(withImage(rendered, name, override));
  });
});
