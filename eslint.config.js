// ESLint: the recommended and type-checked recommended rules of typescript-eslint over every
// TypeScript file of the workspace (library, CLI, synth, tests, scripts), typed by
// tsconfig.typecheck.json. `npm run lint` runs it with the layering rules (.dependency-cruiser.cjs).
import js from '@eslint/js';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** SQL belongs in store/: no other module touches the database handle or its driver. */
const SQL_ONLY_IN_STORE = {
  'no-restricted-imports': [
    'error',
    { paths: [{ name: 'better-sqlite3', message: 'SQL lives in packages/ml-core/src/store/: call a store function instead.' }] },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "CallExpression[callee.property.name=/^(prepare|pragma|exec|transaction)$/][callee.object.name=/^(db|conn|database)$/]",
      message: 'SQL and transactions live in packages/ml-core/src/store/: call a store function instead.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'demo-out/**', 'bench-out/**', 'coverage/**', '**/*-wasm.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  comments.recommended,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { project: ['./tsconfig.typecheck.json'], tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // An escape from a rule says why, in the same comment.
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: [] }],
      '@eslint-community/eslint-comments/no-unlimited-disable': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description', minimumDescriptionLength: 10 }],
      // `_`-prefixed names are deliberately unused (e.g. a parameter kept for an interface).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // vitest's asymmetric matchers (expect.closeTo, expect.stringMatching, …) are typed `any` so that
    // they fit any field; assigning them into an expected object is their purpose.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    files: ['packages/ml-core/src/**/*.ts', 'packages/cli/src/**/*.ts'],
    ignores: ['packages/ml-core/src/store/**', '**/*.test.ts'],
    rules: SQL_ONLY_IN_STORE,
  },
  {
    // Plain JavaScript (this file, build scripts, the CLI's launcher): no type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
