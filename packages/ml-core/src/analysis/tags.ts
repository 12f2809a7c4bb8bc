/**
 * Tags of an audio file (title, artist, album, genre, year or release date,
 * duration, MusicBrainz recording id) read with music-metadata (ID3v1/v2, Vorbis comments, MP4 atoms,
 * RIFF INFO, APE…), with the file name as fallback ("Artist - Title.mp3").
 */
import { parseBuffer } from 'music-metadata';
import { basename, extname } from 'node:path';
import type { NativeFormat } from '../audio/decode.js';

/** The tags of a track; null where neither the file nor its name tells. */
export interface TrackTags {
  title: string | null;
  artist: string | null;
  album: string | null;
  genre: string | null;
  /** Release year. */
  year: number | null;
  /** Release date as the tag gives it (ISO `YYYY`, `YYYY-MM` or `YYYY-MM-DD`). */
  releaseDate: string | null;
  /** Duration in seconds from the container header, when it tells. */
  durationSec: number | null;
  /** MusicBrainz recording id (`MUSICBRAINZ_TRACKID` / `UFID`), when tagged (e.g. by Picard). */
  mbid: string | null;
}

const clean = (s: string | undefined | null): string | null => {
  const t = s?.replace(/\0/g, '').trim();
  return t ? t : null;
};

/**
 * Title and artist guessed from a file name: "Artist - Title.ext" gives both,
 * a leading track number ("01 ", "01. ", "01 - ") is dropped, underscores
 * read as spaces; otherwise the whole name is the title.
 */
export function tagsFromFileName(path: string): { title: string | null; artist: string | null } {
  let name = basename(path, extname(path)).replace(/_/g, ' ').trim();
  name = name.replace(/^\d{1,3}(\s*[-.]\s*|\s+)(?=\S)/, '');
  const parts = name.split(/\s+[-–—]\s+/);
  if (parts.length >= 2 && clean(parts[0]) && clean(parts.slice(1).join(' - '))) {
    return { artist: clean(parts[0]), title: clean(parts.slice(1).join(' - ')) };
  }
  return { artist: null, title: clean(name) };
}

/**
 * Reads the tags of a file from its bytes. Never throws: when the container
 * cannot be parsed, only the file-name fallback is returned.
 */
export async function readTags(bytes: Uint8Array, path: string): Promise<TrackTags> {
  return (await readTagsAndFormat(bytes, path)).tags;
}

/**
 * {@link readTags}, plus what the same header parse says of the stream (rate, channels,
 * duration; `{}` when the container cannot be parsed), to hand to `extractFeatures` as
 * `native` so that the file is not parsed twice. Never throws.
 */
export async function readTagsAndFormat(bytes: Uint8Array, path: string): Promise<{ tags: TrackTags; native: NativeFormat }> {
  const fromName = tagsFromFileName(path);
  let common: Awaited<ReturnType<typeof parseBuffer>>['common'] | undefined;
  let duration: number | undefined;
  let native: NativeFormat = {};
  try {
    const meta = await parseBuffer(bytes, { path, size: bytes.byteLength }, { duration: false, skipCovers: true });
    common = meta.common;
    duration = meta.format.duration;
    native = { sampleRate: meta.format.sampleRate, channels: meta.format.numberOfChannels, durationSec: meta.format.duration };
  } catch {
    common = undefined;
  }
  const releaseDate = clean(common?.date ?? common?.originaldate) ?? (common?.year ? String(common.year) : null);
  const yearFromDate = releaseDate ? Number.parseInt(releaseDate.slice(0, 4), 10) : NaN;
  const year = common?.year ?? (Number.isFinite(yearFromDate) ? yearFromDate : null);
  const title = clean(common?.title);
  const artist = clean(common?.artist) ?? clean(common?.albumartist);
  const tags: TrackTags = {
    // Use the name's guess only where the tags say nothing, and as a pair when the title is missing.
    title: title ?? fromName.title,
    artist: artist ?? (title ? null : fromName.artist),
    album: clean(common?.album),
    genre: clean(common?.genre?.[0]),
    year: year && year > 0 && year < 10000 ? year : null,
    releaseDate,
    durationSec: duration && Number.isFinite(duration) && duration > 0 ? duration : null,
    mbid: clean(common?.musicbrainz_recordingid)?.toLowerCase() ?? null,
  };
  return { tags, native };
}
