import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('../../packages/cli/src/entry.ts', import.meta.url));

/**
 * Runs the `audiio-ml` CLI from source (no build needed) with `args` and
 * returns its status and output. `CI=1` keeps progress bars quiet.
 */
export function runCli(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', ENTRY, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input: opts.input,
    env: { ...process.env, CI: '1', ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
}
