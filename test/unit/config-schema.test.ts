/**
 * The JSON Schema editors use (schema/ecs-kit.schema.json) and the kit's own validator must agree:
 * a file one accepts the other accepts, on hand-written and generated examples.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { parse } from 'yaml';
import { validateConfig } from '../../src/config/validate.js';
import { ROOT } from '../helpers/action.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'ecs-kit.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true, allowMatchingProperties: true });
const schemaAccepts = ajv.compile(schema);

function verdicts(document: unknown): { schema: boolean; validator: boolean } {
  return { schema: schemaAccepts(document), validator: validateConfig(document).length === 0 };
}

const valid: Record<string, string> = {
  empty: '{}',
  minimal: 'cluster: shop\nservices: [{ name: web }]',
  full: readFileSync(join(ROOT, 'examples', 'ecs-kit.yml'), 'utf8'),
  'seed shape': readFileSync(join(ROOT, 'examples', 'seed-shape', 'ecs-kit.yml'), 'utf8'),
  durations:
    'timeouts: { deploy: 600, healthy: 1.5 }\nstrategy: { final-bake: 500ms, unhealthy-timeout: 2h }',
  'environment only':
    'environments:\n  staging:\n    cluster: s\n    services: [{ name: web, desired-count: 0 }]',
  'empty env value': 'environment: { EMPTY: "" }',
  'cleanup rules':
    'cleanup: { keep-newest: 10, keep-tags: ["v*"], delete-untagged-after: 7d, delete-tags: ["pr-*"], keep-newest-matching: { "main-*": 5 } }',
  'preview settings':
    'preview: { service: web, container-name: web, listener-arn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/0123456789abcdef/0123456789abcdef", domain: pv.example.com, base-url: "https://pv.example.com", desired-count: 0, max-previews: 100, priority-base: 1, priority-range: 50000, deregistration-delay: 0, wait-healthy: false, health-timeout: 10m, repositories: [shop], image-tags: "pr-{number}-*", drain-timeout: 600, ttl: 7d }',
  'one-off tasks':
    'deploy: { before: [{ container: web, command: [npm, run, migrate], environment: { STEP: "1" }, timeout: 10m }], after: [{ command: [echo, done] }] }',
  'preview in an environment':
    'preview: { ttl: 7d }\nenvironments:\n  staging:\n    preview: { max-previews: 1, desired-count: 10, priority-base: 50000 }',
};

const invalid: Record<string, string> = {
  'not a map': '- cluster: shop',
  'before task without a command': 'deploy: { before: [{ container: web }] }',
  'before task with an empty command': 'deploy: { before: [{ command: [] }] }',
  'before task command as a string': 'deploy: { before: [{ command: "npm run migrate" }] }',
  'unknown top-level key': 'clustr: shop',
  'unknown key in environment': 'environments: { production: { clustr: shop } }',
  'version 2': 'version: 2',
  'number as cluster': 'cluster: 42',
  'blank cluster': 'cluster: "  "',
  'service without name': 'services: [{ cluster: shop }]',
  'service unknown key': 'services: [{ name: web, port: 80 }]',
  'image without repository': 'build: { images: { app: { context: . } } }',
  'image name with capitals': 'build: { images: { App: { repository: app } } }',
  'cpu as a number': 'services: [{ name: web, cpu: 512 }]',
  'negative desired count': 'services: [{ name: web, desired-count: -1 }]',
  'fractional desired count': 'services: [{ name: web, desired-count: 1.5 }]',
  'services not a list': 'services: { name: web }',
  'bad region': 'region: Europe',
  'bad duration': 'timeouts: { deploy: 10 minutes }',
  'negative duration': 'timeouts: { deploy: -5 }',
  'bad strategy': 'strategy: { type: canary }',
  'zero consecutive': 'strategy: { consecutive: 0 }',
  'traffic as a list': 'strategy: { traffic: [10, 100] }',
  'number env value': 'environment: { PORT: 8080 }',
  'boolean as string': 'deploy: { rollback: "yes" }',
  'bad old colour': 'strategy: { old-colour: keep }',
  'bad environment name': 'environments: { "-prod": {} }',
  'environment not a map': 'environments: { production: [] }',
  'environments in environment': 'environments: { production: { environments: {} } }',
  'version in environment': 'environments: { production: { version: 1 } }',
  'null setting': 'cluster: null',
  'keep-revisions zero': 'deploy: { keep-revisions: 0 }',
  'keep-newest-matching not a count': 'cleanup: { keep-newest-matching: { "main-*": many } }',
  'preview unknown key': 'preview: { cluster: shop }',
  'preview not a map': 'preview: web',
  'preview max-previews zero': 'environments: { staging: { preview: { max-previews: 0 } } }',
  'preview max-previews over 100': 'preview: { max-previews: 101 }',
  'preview desired count over 10': 'preview: { desired-count: 11 }',
  'preview priority-base over 50000': 'preview: { priority-base: 50001 }',
  'preview priority-range zero': 'preview: { priority-range: 0 }',
  'preview bad ttl': 'preview: { ttl: a week }',
  'preview wait-healthy as string': 'preview: { wait-healthy: "false" }',
  'preview repositories not a list': 'preview: { repositories: shop }',
  'preview blank listener': 'preview: { listener-arn: "" }',
};

describe('schema and validator agree', () => {
  test('the schema compiles in strict mode', () => {
    expect(ajv.errors ?? null).toBeNull();
  });

  test.each(Object.entries(valid))('valid: %s', (_name, text) => {
    expect(verdicts(parse(text))).toEqual({ schema: true, validator: true });
  });

  test.each(Object.entries(invalid))('invalid: %s', (_name, text) => {
    expect(verdicts(parse(text))).toEqual({ schema: false, validator: false });
  });

  test('on generated mutations of a valid file', () => {
    // Mutating one value of a valid file (replace, delete, or add a key) gives a mix of valid and invalid
    // documents close to real mistakes; random documents from scratch are almost never valid.
    const base = parse(valid.full) as Record<string, unknown>;
    const paths: (string | number)[][] = [];
    const collect = (value: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (Array.isArray(value)) value.forEach((item, index) => collect(item, [...path, index]));
      else if (value && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) collect(item, [...path, key]);
      }
    };
    collect(base, []);
    const replacement = fc.oneof(
      fc.constantFrom(
        'shop',
        '',
        ' ',
        'eu-west-1',
        '10m',
        'ten',
        'https://x.example',
        'rolling',
        'keep',
        null,
      ),
      fc.integer({ min: -2, max: 120 }),
      fc.boolean(),
      fc.double({ min: -1, max: 2, noNaN: true }),
      fc.constant([]),
      fc.constant({}),
      fc.constant([{ name: 'api' }]),
    );
    const mutation = fc.record({
      path: fc.constantFrom(...paths.filter((path) => path.length > 0)),
      op: fc.constantFrom('replace', 'delete', 'add'),
      value: replacement,
      key: fc.constantFrom('name', 'cluster', 'extra', 'type', 'desired-count'),
    });
    const counts = { accepted: 0, rejected: 0 };
    fc.assert(
      fc.property(mutation, ({ path, op, value, key }) => {
        const document = structuredClone(base);
        let parent: Record<string | number, unknown> = document;
        for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
        const last = path[path.length - 1];
        if (op === 'replace') parent[last] = value;
        else if (op === 'delete' && Array.isArray(parent)) parent.splice(Number(last), 1);
        else if (op === 'delete') delete parent[last];
        else if (parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last])) {
          (parent[last] as Record<string, unknown>)[key] = value;
        } else parent[last] = value;
        const verdict = verdicts(document);
        expect({ document, validator: verdict.validator }).toEqual({ document, validator: verdict.schema });
        counts[verdict.schema ? 'accepted' : 'rejected']++;
      }),
      { numRuns: 3000 },
    );
    // Both verdicts must actually be exercised for the comparison to mean something.
    expect(counts.accepted).toBeGreaterThan(100);
    expect(counts.rejected).toBeGreaterThan(100);
  });
});
