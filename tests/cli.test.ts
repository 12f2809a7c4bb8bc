import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LibraryInfo } from '@audiio-ml/ml-core';
import { runCli } from './helpers/cli.js';

describe('audiio-ml CLI', () => {
  it('prints help with every command', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: audiio-ml');
    expect(r.stdout).toContain('info');
  });

  it('creates the library database and reports it as JSON', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'audiio-cli-')), 'lib.db');
    const r = runCli(['--db', db, 'info', '--json']);
    expect(r.status).toBe(0);
    const info = JSON.parse(r.stdout) as LibraryInfo;
    expect(info).toMatchObject({ db, tracks: 0, analysed: 0 });
  });

  it('exits 1 with a message on an unknown command', () => {
    const r = runCli(['no-such-command']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/unknown command/);
  });
});
