// The layering of audiio-ml, checked by dependency-cruiser (`npm run lint`). The data flows one way:
//
//   audio → features → analysis → history → import → ranking → embedding → collab → track-index
//   → profile → eval → entry points
//
// with errors.ts, random.ts, features/types.ts and store/ at the bottom. A module may import its own layer and the
// layers below it, never one above. store/ may read the vocabulary of features/types.ts (the names
// and ranges of the ten features it stores) and nothing else of the library. Tests are exempt from
// the order (a test may build what it needs from any layer) but not from the package rules.
'use strict';

const SRC = '^packages/ml-core/src/';

/** Library layers, lowest first. New stages (profile/, recommend/, discovery/ …) go in their place in the flow, before eval/. */
const LAYERS = [
  // features/types.ts is the vocabulary every layer shares (the ten features' names and ranges).
  { name: 'base', path: `${SRC}((errors|random)\\.ts|features/types\\.ts)$` },
  { name: 'store', path: `${SRC}store/` },
  { name: 'audio', path: `${SRC}audio/` },
  { name: 'features', path: `${SRC}features/(?!types\\.ts$)` },
  { name: 'analysis', path: `${SRC}analysis/` },
  { name: 'history', path: `${SRC}history/` },
  { name: 'import', path: `${SRC}import/` },
  { name: 'ranking', path: `${SRC}ranking/` },
  { name: 'embedding', path: `${SRC}embedding/` },
  { name: 'collab', path: `${SRC}collab/` },
  { name: 'track-index', path: `${SRC}track-index/` },
  { name: 'profile', path: `${SRC}profile/` },
  { name: 'eval', path: `${SRC}eval/` },
  { name: 'entry', path: `${SRC}(index|analysis-api|internal|library-info)\\.ts$` },
];

const TESTS = '\\.test\\.ts$';

/** One rule per layer: nothing in it imports a layer above it. */
const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.name}`,
  comment: `${layer.name} is below ${LAYERS.slice(i + 1).map((l) => l.name).join(', ')}: it must not import them (data flows one way)`,
  severity: 'error',
  from: { path: layer.path, pathNot: TESTS },
  to: { path: LAYERS.slice(i + 1).map((l) => l.path) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'store-reads-only-feature-vocabulary',
      comment: 'store/ is at the bottom: of the library it may import only errors/random and features/types.ts',
      severity: 'error',
      from: { path: `${SRC}store/`, pathNot: TESTS },
      to: { path: SRC, pathNot: [`${SRC}store/`, `${SRC}(errors|random)\\.ts$`, `${SRC}features/types\\.ts$`] },
    },
    {
      name: 'library-holds-no-test-support',
      comment: '@audiio-ml/ml-core embeds no synth or synthetic-data code: only its tests may use @audiio-ml/synth',
      severity: 'error',
      from: { path: SRC, pathNot: TESTS },
      to: { path: '^packages/synth/' },
    },
    {
      name: 'library-below-its-shells',
      comment: 'the library never imports the CLI (or any later shell: server, ui)',
      severity: 'error',
      from: { path: SRC },
      to: { path: '^packages/(cli|server|ui)/' },
    },
    {
      name: 'shells-use-the-public-api',
      comment: "the CLI (and later the server) imports @audiio-ml/ml-core's entry points, never its files by path",
      severity: 'error',
      from: { path: '^packages/(cli|server|ui)/src/' },
      to: { path: SRC, pathNot: `${SRC}(index|analysis-api)\\.ts$` },
    },
    {
      name: 'no-circular',
      comment: 'modules of the library do not import each other in a cycle',
      severity: 'error',
      from: { path: SRC, pathNot: TESTS },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import resolves (a typo in a path, or a dependency missing from package.json)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.typecheck.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'types', 'default'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
  },
};
