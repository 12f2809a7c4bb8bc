/**
 * Listening history end to end through the CLI: users, listens, ratings, exclusions, history and
 * profile; the JSON Lines import with bad lines; a `kill -9` in the middle of a large import; and
 * several processes writing into one library at once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { addUser, openLibrary, type LibraryInfo, type ListenRecord, type ListensImportReport } from '@audiio-ml/ml-core';
import { upsertTrack } from '../packages/ml-core/src/store/tracks.js';
import { runCli } from './helpers/cli.js';

const ENTRY = fileURLToPath(new URL('../packages/cli/src/entry.ts', import.meta.url));
const WRITER = fileURLToPath(new URL('./helpers/listen-writer.ts', import.meta.url));
const T0 = Date.parse('2025-01-01T00:00:00Z');

/** A fresh library with `nTracks` tracks (`t0` …) and the users given. */
function library(nTracks: number, users: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'audiio-history-')), 'lib.db');
  const db = openLibrary(path);
  for (let i = 0; i < nTracks; i++) {
    upsertTrack(db, {
      id: `t${i}`, path: null, size: null, mtimeMs: null, title: `Song ${i}`, artist: `Artist ${i % 7}`, album: null, albumId: null,
      genre: i % 2 ? 'jazz' : 'rock', releaseDate: null, year: null, durationSec: 180, popularity: null, source: 'test',
    });
  }
  for (const u of users) addUser(db, u);
  db.close();
  return path;
}

/** Writes `n` listens of `nTracks` tracks as JSON Lines; returns the path. */
function listensFile(n: number, nTracks: number, startMs = T0): string {
  const path = join(mkdtempSync(join(tmpdir(), 'audiio-listens-')), 'listens.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(JSON.stringify({ trackId: `t${(i * 7919) % nTracks}`, timestamp: startMs + i * 1000, duration: 30 + (i % 200), completed: i % 3 === 0 }));
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;
const jsonLines = <T>(stdout: string): T[] => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

/** Every stored event as comparable rows (everything but the time it was recorded). */
function eventRows(db: string): string[] {
  const conn = new Database(db, { readonly: true });
  const rows = (conn.prepare('SELECT event_id, user_id, track_id, kind, ts, duration, completed, skipped, rating, source FROM listen_events ORDER BY event_id').raw().all() as unknown[][]).map((r) => JSON.stringify(r));
  conn.close();
  return rows;
}

function integrity(db: string): { ok: string; events: number } {
  const conn = new Database(db, { readonly: true });
  const ok = conn.pragma('integrity_check', { simple: true }) as string;
  const events = (conn.prepare('SELECT COUNT(*) AS n FROM listen_events').get() as { n: number }).n;
  conn.close();
  return { ok, events };
}

describe('listening history through the CLI', () => {
  let db: string;
  beforeAll(() => {
    db = library(10, []);
  });

  it('adds a user, records listens, ratings and exclusions, and reads them back', () => {
    const cli = (...a: string[]) => runCli(['--db', db, ...a]);
    expect(cli('user', 'add', 'alice').status).toBe(0);
    expect(cli('user', 'add', 'alice').stderr).toMatch(/exists already/);
    expect(cli('listen', '--user', 'alice', 't1', '--duration', '170', '--completed', '--at', '2025-03-01T10:00:00Z').status).toBe(0);
    expect(cli('listen', '--user', 'alice', 'Artist 2 - Song 2', '--duration', '12', '--at', '2025-03-01T10:05:00Z').status).toBe(0);
    expect(cli('rate', '--user', 'alice', 't3', 'like', '--at', '2025-03-02T00:00:00Z').status).toBe(0);
    expect(cli('exclude', '--user', 'alice', '--genre', 'Rock').status).toBe(0);
    const hist = jsonLines<ListenRecord & { timestamp: string }>(cli('history', '--user', 'alice', '--json').stdout);
    expect(hist.map((e) => [e.trackId, e.kind, e.duration, e.completed, e.rating, e.source])).toEqual([
      ['t3', 'rating', null, null, 'like', 'cli'],
      ['t2', 'play', 12, null, null, 'cli'],
      ['t1', 'play', 170, true, null, 'cli'],
    ]);
    const p = json<{ counts: Record<string, number>; liked: string[]; excluded: { genres: string[] }; recentlyPlayed: string[] }>(
      cli('profile', '--user', 'alice', '--json', '--at', '2025-03-03T00:00:00Z').stdout,
    );
    expect(p.counts).toMatchObject({ plays: 2, skips: 1, liked: 1 });
    expect(p.liked).toEqual(['t3']);
    expect(p.excluded.genres).toEqual(['Rock']);
    expect(p.recentlyPlayed).toEqual(['t2', 't1']);
    const text = cli('profile', '--user', 'alice', '--at', '2025-03-03T00:00:00Z').stdout;
    expect(text).toMatch(/2 plays \(1 skips\) of 3 tracks; 1 liked/);
  });

  it('refuses bad input with a clear message and exit status 1', () => {
    const cli = (...a: string[]) => runCli(['--db', db, ...a]);
    const cases: [string[], RegExp][] = [
      [['listen', '--user', 'nobody', 't1'], /no user "nobody"/],
      [['listen', '--user', 'alice', 'no-such-track'], /no track with id, path or "artist - title"/],
      [['listen', '--user', 'alice', 't1', '--duration', '-5'], /--duration: must be a number of seconds/],
      [['listen', '--user', 'alice', 't1', '--at', 'yesterday'], /--at: must be an ISO-8601/],
      [['listen', '--user', 'alice', 't1', '--at', '2999-01-01T00:00:00Z'], /in the future/],
      [['rate', '--user', 'alice', 't1', 'love'], /RATING: must be like, dislike or none/],
      [['exclude', '--user', 'alice', '--artist', 'A', '--genre', 'B'], /exactly one of --artist, --genre or --track/],
      [['history', '--user', 'alice', '--limit', '0'], /--limit: must be from 1/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('imports JSON Lines: bad lines reported by number (exit 2), the rest stored; re-importing changes nothing', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'audiio-jsonl-')), 'l.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ trackId: 't4', timestamp: '2025-04-01T00:00:00Z', duration: 100 }),
        '{not json',
        JSON.stringify({ trackId: 't404', timestamp: T0 }),
        '',
        JSON.stringify({ trackId: 't5', timestamp: T0, rating: 'meh' }),
        JSON.stringify({ trackId: 't5', timestamp: T0, eventId: 'e-1' }),
      ].join('\n'),
    );
    const r = runCli(['--db', db, 'import', 'listens', file, '--user', 'alice', '--json']);
    expect(r.status).toBe(2);
    const rep = json<ListensImportReport>(r.stdout);
    expect(rep).toMatchObject({ read: 5, recorded: 2, duplicates: 0 });
    expect(rep.failed.map((f) => [f.line, f.code])).toEqual([[2, 'BAD_ROW'], [3, 'NOT_FOUND'], [5, 'BAD_REQUEST']]);
    expect(rep.failed[1].message).toBe(`${file}:3: no track "t404" in the library`);
    const before = eventRows(db);
    const again = json<ListensImportReport>(runCli(['--db', db, 'import', 'listens', file, '--user', 'alice', '--json']).stdout);
    expect(again).toMatchObject({ recorded: 0, duplicates: 2 });
    expect(eventRows(db)).toEqual(before);
    const info = json<LibraryInfo>(runCli(['--db', db, 'info', '--json']).stdout);
    expect(info.users).toBe(1);
  });
});

describe('crash safety and concurrent writers', () => {
  it('kill -9 during a large import loses no committed batch, leaves the database intact, and a re-run completes it exactly', async () => {
    const total = 200_000;
    const batch = 2000;
    const file = listensFile(total, 50);
    let db = '';
    let killedAt = 0;
    // On a fast machine the import may finish before the kill lands: then try again (at most 3 times).
    for (let attempt = 0; attempt < 3 && (killedAt === 0 || killedAt === total); attempt++) {
      db = library(50, ['bob']);
      const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', ENTRY, '--db', db, 'import', 'listens', file, '--user', 'bob', '--batch', String(batch)], {
        env: { ...process.env, CI: '1' },
        stdio: 'ignore',
      });
      const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
      const probe = new Database(db, { readonly: true, fileMustExist: true });
      probe.pragma('busy_timeout = 5000');
      const count = probe.prepare('SELECT COUNT(*) AS n FROM listen_events');
      while (child.exitCode === null && (count.get() as { n: number }).n < 4 * batch) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      await exited;
      probe.close();
      killedAt = integrity(db).events;
    }
    const { ok, events } = integrity(db);
    expect(ok).toBe('ok');
    expect(events).toBeGreaterThanOrEqual(4 * batch);
    expect(events).toBeLessThan(total); // it really stopped mid-import
    expect(events % batch).toBe(0); // only whole batches were committed

    const resumed = runCli(['--db', db, 'import', 'listens', file, '--user', 'bob', '--batch', String(batch), '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(json<ListensImportReport>(resumed.stdout)).toMatchObject({ read: total, recorded: total - events, duplicates: events, failed: [] });

    const clean = library(50, ['bob']);
    expect(runCli(['--db', clean, 'import', 'listens', file, '--user', 'bob', '--batch', String(batch)]).status).toBe(0);
    expect(eventRows(db)).toEqual(eventRows(clean));
    // The derived state agrees too.
    const state = (p: string) => {
      const c = new Database(p, { readonly: true });
      const rows = c.prepare('SELECT * FROM listen_state ORDER BY user_id, track_id').raw().all();
      c.close();
      return rows;
    };
    expect(state(db)).toEqual(state(clean));
  }, 240_000);

  it('several processes recording into one library at once lose nothing and never fail busy', async () => {
    const db = library(20, ['w1', 'w2', 'w3', 'w4']);
    const perImport = 20_000;
    const perWriter = 1500;
    const runs = [
      ['w1', listensFile(perImport, 20, T0)],
      ['w2', listensFile(perImport, 20, T0 + 1e9)],
    ].map(([user, file]) =>
      spawn(process.execPath, ['--conditions=source', '--import', 'tsx', ENTRY, '--db', db, 'import', 'listens', file, '--user', user, '--batch', '500', '--json'], {
        env: { ...process.env, CI: '1' },
      }),
    );
    const writers = [
      ['w3', 't3'],
      ['w4', 't4'],
    ].map(([user, track]) => spawn(process.execPath, ['--conditions=source', '--import', 'tsx', WRITER, db, user, track, String(perWriter), String(T0)]));
    const outputs = await Promise.all(
      [...runs, ...writers].map(
        (child) =>
          new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
            let out = '';
            let err = '';
            child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
            child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
            child.on('close', (code) => resolve({ code, out, err }));
          }),
      ),
    );
    for (const o of outputs) expect(o.code, o.err).toBe(0);
    for (const o of outputs.slice(0, 2)) expect(json<ListensImportReport>(o.out)).toMatchObject({ recorded: perImport, failed: [] });
    for (const o of outputs.slice(2)) expect(json<{ recorded: number; failed: string[] }>(o.out)).toEqual({ recorded: perWriter, duplicates: 0, failed: [] });
    const { ok, events } = integrity(db);
    expect(ok).toBe('ok');
    expect(events).toBe(2 * perImport + 2 * perWriter);
    const conn = new Database(db, { readonly: true });
    const plays = (conn.prepare('SELECT SUM(plays) AS n FROM listen_state').get() as { n: number }).n;
    conn.close();
    expect(plays).toBe(2 * perImport + 2 * perWriter);
  }, 240_000);
});
