/**
 * Finding the audio files of a music folder: a recursive walk that keeps files
 * whose extension is a known audio container.
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { AudiioError } from '../errors.js';

/** File extensions (lower case, without the dot) treated as audio. */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  'mp3', 'mp2', 'flac', 'ogg', 'oga', 'opus', 'wav', 'wave', 'm4a', 'm4b', 'aac', 'mp4', 'aif', 'aiff', 'aifc', 'webm', 'caf',
]);

/** An audio file found by {@link scanAudioFiles}. */
export interface ScannedFile {
  /** Absolute path. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Last modification time, ms since the epoch (integer). */
  mtimeMs: number;
}

/** True when `path` has an audio extension (case-insensitive). */
export function isAudioPath(path: string): boolean {
  return AUDIO_EXTENSIONS.has(extname(path).slice(1).toLowerCase());
}

/**
 * Lists every audio file under `dir`, recursively, sorted by path. Hidden
 * entries (name starting with a dot) are skipped; symbolic links are followed
 * to files but not to directories (no cycles). Unreadable subfolders are
 * reported through `onError` and skipped.
 *
 * @throws AudiioError `FILE_UNREADABLE` when `dir` itself is missing or not a folder.
 */
export async function scanAudioFiles(
  dir: string,
  onError: (path: string, err: unknown) => void = () => {},
): Promise<ScannedFile[]> {
  const root = resolve(dir);
  let st;
  try {
    st = await stat(root);
  } catch (cause) {
    throw new AudiioError('FILE_UNREADABLE', 'folder not found', { path: root, cause });
  }
  if (!st.isDirectory()) throw new AudiioError('FILE_UNREADABLE', 'not a folder', { path: root });

  const found: ScannedFile[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (err) {
      onError(d, err);
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if ((e.isFile() || e.isSymbolicLink()) && isAudioPath(p)) {
        try {
          const s = await stat(p);
          if (s.isFile()) found.push({ path: p, size: s.size, mtimeMs: Math.floor(s.mtimeMs) });
        } catch (err) {
          onError(p, err);
        }
      }
    }
  };
  await walk(root);
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
