import type { Command } from 'commander';
import { addUser, listUsers, openLibrary, removeUser } from '@audiio-ml/ml-core';
import { dbPathOf, print } from '../options.js';

/** `audiio-ml user add NAME`, `user list`, `user remove NAME`: the listeners of a library. */
export function registerUser(program: Command): void {
  const cmd = program.command('user').description("manage the library's listeners");
  cmd
    .command('add <name>')
    .description('add a listener (the name is also their id: letters, digits, . _ - @)')
    .option('--json', 'print the user as one JSON object')
    .action((name: string, opts: { json?: boolean }, sub: Command) => {
      const db = openLibrary(dbPathOf(sub));
      try {
        const u = addUser(db, name);
        print(opts.json, u, () => `added user ${u.id}\n`);
      } finally {
        db.close();
      }
    });
  cmd
    .command('list')
    .description('list the listeners (and the playlists imported as users)')
    .option('--json', 'print one JSON object per user (JSON Lines)')
    .action((opts: { json?: boolean }, sub: Command) => {
      const db = openLibrary(dbPathOf(sub));
      try {
        for (const u of listUsers(db)) print(opts.json, u, () => `${u.id}${u.name && u.name !== u.id ? `  ${u.name}` : ''}  (${u.source})\n`);
      } finally {
        db.close();
      }
    });
  cmd
    .command('remove <name>')
    .description('remove a listener with their whole history, ratings and exclusions')
    .option('--json', 'print the result as one JSON object')
    .action((name: string, opts: { json?: boolean }, sub: Command) => {
      const db = openLibrary(dbPathOf(sub));
      try {
        removeUser(db, name);
        print(opts.json, { removed: name }, () => `removed user ${name}\n`);
      } finally {
        db.close();
      }
    });
}
