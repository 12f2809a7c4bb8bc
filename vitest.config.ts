import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Tests import the library's source, not its build: each entry point's `source` condition. */
const core = new URL('./packages/ml-core/', import.meta.url);
const exportsMap = (JSON.parse(readFileSync(new URL('package.json', core), 'utf8')) as { exports: Record<string, { source: string }> }).exports;
const alias = Object.entries(exportsMap).map(([sub, { source }]) => ({
  find: new RegExp(`^@audiio-ml/ml-core${sub === '.' ? '' : sub.slice(1).replace(/\//g, '\\/')}$`),
  replacement: fileURLToPath(new URL(source, core)),
}));

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
