import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { runCli } from './helpers/cli.js';
import { tempDir, writeSongWav } from '@audiio-ml/synth';
import { FEATURE_NAMES } from '../packages/ml-core/src/features/types.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = fileURLToPath(new URL('../packages/cli/src/entry.ts', import.meta.url));

const SONGS = [
  { name: 'Alpha - Fast Drums.wav', tempo: 140, key: 0, mode: 1, drums: true, timbre: 'piano' },
  { name: 'Beta - Slow Pad.wav', tempo: 80, key: 5, mode: 0, drums: false, timbre: 'pad' },
  { name: 'sub/Gamma - Organ.wav', tempo: 110, key: 7, mode: 1, drums: true, timbre: 'organ' },
] as const;

async function writeLibrary(dir: string, n: number = SONGS.length): Promise<void> {
  for (let i = 0; i < n; i++) {
    const { name, ...s } = SONGS[i % SONGS.length];
    const file = i < SONGS.length ? name : `extra-${i}.wav`;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    await writeSongWav(join(dir, file), { ...s, durationSec: 4, sampleRate: 22050, seed: i + 1 });
  }
}

/** One JSON Lines object of `analyze --json` (see `jsonLine` in packages/cli/src/commands/analyze.ts). */
interface AnalyzeLine {
  path: string;
  ok: boolean;
  /** Present only on a failure: the message and the error code. */
  error?: string;
  code?: string;
  skipped: boolean;
  durationSec: number | null;
  features: Record<string, number> | null;
  keyConfidence: number | null;
  tags: Record<string, unknown> | null;
}

const lines = (stdout: string) => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as AnalyzeLine);

describe('audiio-ml analyze', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = tempDir('audiio-cli-analyze-');
    await writeLibrary(dir);
    writeFileSync(join(dir, 'broken.mp3'), 'ID3 but nothing else');
    db = join(tempDir('audiio-cli-db-'), 'lib.db');
  });

  it('ends quietly when its output pipe is closed (… --json | head)', async () => {
    const pipeDb = join(tempDir('audiio-cli-db-'), 'pipe.db');
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', ENTRY, '--db', pipeDb, 'analyze', dir, '--json', '--jobs', '1'], {
      cwd: ROOT,
      env: { ...process.env, CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // the reader went away before the first line
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const status = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(status).toBe(0);
  });

  it('--json prints one object per file, reports the failure by name and exits 2', () => {
    const r = runCli(['--db', db, 'analyze', dir, '--json', '--jobs', '2']);
    expect(r.status, r.stderr).toBe(2);
    const out = lines(r.stdout);
    expect(out).toHaveLength(4);
    const bad = out.find((o) => o.path.endsWith('broken.mp3'))!;
    expect(bad).toMatchObject({ ok: false, code: 'DECODE_FAILED', features: null });
    expect(bad.error).toContain(join(dir, 'broken.mp3'));
    for (const o of out.filter((x) => x.ok)) {
      expect(Object.keys(o.features!)).toEqual([...FEATURE_NAMES]);
      expect(o.durationSec).toBeCloseTo(4, 1);
      expect(o.keyConfidence).toBeGreaterThanOrEqual(0);
      expect(o.keyConfidence).toBeLessThanOrEqual(1);
      expect(o.skipped).toBe(false);
      expect(o).not.toHaveProperty('error');
    }
    const alpha = out.find((o) => o.path.endsWith('Alpha - Fast Drums.wav'))!;
    expect(alpha.tags).toMatchObject({ artist: 'Alpha', title: 'Fast Drums' });
    expect(r.stderr).toMatch(/4 audio files: 3 analysed, 0 unchanged \(skipped\), 1 failed/);
  });

  it('skips unchanged files on the next run; exits 0 once every file is fine', () => {
    rmSync(join(dir, 'broken.mp3'));
    const r = runCli(['--db', db, 'analyze', dir, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = lines(r.stdout);
    expect(out.map((o) => o.skipped)).toEqual([true, true, true]);
    expect(r.stderr).toMatch(/3 audio files: 0 analysed, 3 unchanged \(skipped\), 0 failed/);
  });

  it('--force re-analyses; without --json prints a table', () => {
    const r = runCli(['--db', db, 'analyze', dir, '--force']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^file\s+tempo\s+key\s+energy/);
    expect(r.stdout).toContain('Beta - Slow Pad.wav');
    expect(r.stdout).toContain('sub/Gamma - Organ.wav');
    expect(r.stderr).toMatch(/3 analysed, 0 unchanged/);
  });

  it('exits 1 with a message for a missing folder or a bad argument', () => {
    const missing = runCli(['--db', db, 'analyze', join(dir, 'no-such-folder')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no-such-folder: folder not found/);
    expect(runCli(['--db', db, 'analyze']).status).toBe(1);
    const jobs = runCli(['--db', db, 'analyze', dir, '--jobs', 'many']);
    expect(jobs.status).toBe(1);
    expect(jobs.stderr).toMatch(/--jobs/);
  });
});

/**
 * Starts `analyze DIR --json --jobs 1`, sends `signal` once two results are out; resolves when it
 * has exited and its output is drained ('close', so `seen` holds every line it wrote).
 */
async function interrupt(dir: string, db: string, signal: NodeJS.Signals) {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', ENTRY, '--db', db, 'analyze', dir, '--json', '--jobs', '1'], {
    cwd: ROOT,
    env: { ...process.env, CI: '1' },
  });
  const seen: string[] = [];
  let buf = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((resolve) => {
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop()!;
      for (const l of parts) if (l) seen.push((JSON.parse(l) as AnalyzeLine).path);
      if (seen.length >= 2 && !sent) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('close', (code) => resolve(code));
  });
  return { seen, status, stderr };
}

function storedPaths(db: string): string[] {
  const conn = new Database(db, { readonly: true });
  expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
  const rows = conn.prepare('SELECT t.path FROM tracks t JOIN features f ON f.track_id = t.id').all() as { path: string }[];
  conn.close();
  return rows.map((r) => r.path);
}

describe('audiio-ml analyze stopped mid-batch', () => {
  for (const signal of ['SIGKILL', 'SIGINT'] as const) {
    it(`${signal}: keeps every result written before, and the next run resumes`, async () => {
      const dir = tempDir('audiio-cli-kill-');
      await writeLibrary(dir, 8);
      // On a fast machine the whole batch can finish before the signal lands; then nothing was
      // interrupted and there is nothing to check: run it again on a fresh database (at most 3 times).
      let db = '';
      let run: Awaited<ReturnType<typeof interrupt>> | undefined;
      for (let attempt = 0; attempt < 3 && (!run || run.seen.length === 8); attempt++) {
        db = join(tempDir('audiio-cli-kill-db-'), 'lib.db');
        run = await interrupt(dir, db, signal);
      }
      const { seen, status, stderr } = run!;
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen.length).toBeLessThan(8); // it really stopped mid-batch
      if (signal === 'SIGINT') {
        expect(status).toBe(130);
        expect(stderr).toMatch(/interrupted; every result above is saved/);
      }
      const stored = storedPaths(db);
      for (const p of seen) expect(stored).toContain(p);

      const r = runCli(['--db', db, 'analyze', dir, '--json']);
      expect(r.status, r.stderr).toBe(0);
      const out = lines(r.stdout);
      expect(out).toHaveLength(8);
      for (const o of out) expect(o.ok).toBe(true);
      for (const p of seen) expect(out.find((o) => o.path === p)!.skipped).toBe(true);
      expect(out.filter((o) => !o.skipped).length).toBe(8 - stored.length);
    });
  }
});

// The build's worker is `dist/analysis/worker.js`, started without tsx. Checked when the build is
// present and newer than the sources it comes from (`npm ci` builds it through `prepare`).
const BIN = fileURLToPath(new URL('../packages/cli/bin/audiio-ml.js', import.meta.url));
const BUILT_WORKER = fileURLToPath(new URL('../packages/ml-core/dist/analysis/worker.js', import.meta.url));
const fresh = (built: string, ...sources: string[]) =>
  existsSync(built) && sources.every((s) => statSync(s).mtimeMs <= statSync(built).mtimeMs);
const buildIsFresh = fresh(
  BUILT_WORKER,
  ...['analysis/worker.ts', 'analysis/batch.ts', 'analysis/tags.ts', 'audio/containers.ts'].map((f) =>
    fileURLToPath(new URL(`../packages/ml-core/src/${f}`, import.meta.url)),
  ),
);

describe.skipIf(!buildIsFresh)('audiio-ml analyze from the build (dist)', () => {
  it('runs its worker pool from dist/analysis/worker.js', async () => {
    const dir = tempDir('audiio-cli-dist-');
    await writeLibrary(dir, 2);
    const db = join(tempDir('audiio-cli-dist-db-'), 'lib.db');
    const r = spawnSync(process.execPath, [BIN, '--db', db, 'analyze', dir, '--json', '--jobs', '2'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(lines(r.stdout).map((o) => o.ok)).toEqual([true, true]);
  });
});
if (!buildIsFresh) console.warn('analyze.test: no fresh build (npm run build): skipping the run from dist');
