/**
 * The layering rules `npm run lint` checks (docs/ARCHITECTURE.md, Layers). Type-only imports count: a cycle
 * of types is still a design that cannot be read one module at a time.
 */
const engines = '(build|deploy|health|images|preview|registry|taskdef)';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycles, runtime or type-only.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'sim-is-not-the-kit',
      comment: 'The simulator stands in for AWS; it never imports the kit.',
      severity: 'error',
      from: { path: '^sim/' },
      to: { path: '^src/' },
    },
    {
      name: 'the-kit-does-not-know-the-simulator',
      comment: 'The kit talks to AWS (or the simulator) only through the SDK.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^sim/' },
    },
    {
      name: 'actions-use-engine-entries',
      comment:
        'An action imports an engine only through its entries: index.ts (the engine, loaded lazily) and ' +
        'inputs.ts (pure parsers and enum values for input validation).',
      severity: 'error',
      from: { path: '^actions/' },
      to: { path: `^src/${engines}/`, pathNot: `^src/${engines}/(index|inputs)\\.ts$` },
    },
    {
      name: 'engine-inputs-stay-light',
      comment: 'An inputs.ts entry is loaded before validation: it may not import the SDK at run time.',
      severity: 'error',
      from: { path: `^src/${engines}/inputs\\.ts$` },
      to: { path: '@aws-sdk|@actions/core|node_modules/yaml', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.tmp)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
