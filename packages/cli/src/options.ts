import type { Command } from 'commander';
import { defaultDbPath } from '@audiio-ml/ml-core';
import { resolve } from 'node:path';

/** The library database path chosen with the global `--db`, or the default. */
export function dbPathOf(cmd: Command): string {
  const db = cmd.optsWithGlobals<{ db?: string }>().db;
  return db ? resolve(db) : defaultDbPath();
}

/** True when long work should draw a progress bar: a terminal on stderr and not CI. */
export function showProgress(): boolean {
  return Boolean(process.stderr.isTTY) && !process.env.CI;
}
