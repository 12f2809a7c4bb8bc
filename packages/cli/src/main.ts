import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { isAudiioError, errorMessage } from '@audiio-ml/ml-core';
import { COMMANDS } from './commands/index.js';
import { EXIT } from './exit.js';

/** The version of this package, from its package.json. */
export const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** Builds the `audiio-ml` program with every command registered. */
export function buildProgram(): Command {
  const program = new Command('audiio-ml')
    .description('audiio-ml: analyse your music, learn what you like together, and get what to play next')
    .version(VERSION)
    .option('--db <path>', 'library database file (default: $AUDIIO_ML_DB or ~/.audiio-ml/library.db)')
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

/**
 * Runs the CLI with `argv` (as `process.argv`) and resolves to the exit status:
 * 0 success, 1 usage or fatal error, 2 when some items (files, rows) failed.
 */
export async function main(argv: string[]): Promise<number> {
  // A closed pipe (`audiio-ml analyze DIR --json | head`) ends the output, not with a crash;
  // what was already stored stays stored.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT.OK);
    throw err;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    process.stderr.write(`audiio-ml: ${isAudiioError(err) ? `[${err.code}] ` : ''}${errorMessage(err)}\n`);
    return EXIT.USAGE;
  }
}
