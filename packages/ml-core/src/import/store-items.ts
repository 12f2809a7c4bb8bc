import { FEATURE_NAMES, type AudioFeatures } from '../features/types.js';
import type { LibraryDb } from '../store/db.js';
import { saveFeatures, upsertTrack } from '../store/tracks.js';
import type { ItemRecord } from './records.js';

/** `features_version` of features taken from a dataset file rather than analysed from audio. */
export const IMPORTED_FEATURES_VERSION = 0;

/** The year of an ISO date or year string (`2019-06-14`, `2019`), or null. */
export function yearOf(releaseDate: string | null): number | null {
  const m = releaseDate ? /^(\d{4})/.exec(releaseDate) : null;
  return m ? Number(m[1]) : null;
}

/**
 * Stores dataset items as tracks (id = the dataset's item id, no path) with their features
 * when all ten are known (`features_version` {@link IMPORTED_FEATURES_VERSION}). Runs inside
 * the caller's transaction. Returns how many items had complete features.
 */
export function storeItems(db: LibraryDb, items: readonly ItemRecord[], source: string): number {
  let withFeatures = 0;
  for (const it of items) {
    upsertTrack(db, {
      id: it.id,
      path: null,
      size: null,
      mtimeMs: null,
      title: it.title,
      artist: it.artist,
      album: it.album,
      albumId: it.albumId,
      genre: it.genre,
      releaseDate: it.releaseDate,
      year: yearOf(it.releaseDate),
      durationSec: it.durationSec,
      popularity: Number.isNaN(it.popularity) ? null : it.popularity,
      source,
    });
    if (it.features.every((v) => !Number.isNaN(v))) {
      const features = Object.fromEntries(FEATURE_NAMES.map((n, j) => [n, it.features[j]])) as unknown as AudioFeatures;
      saveFeatures(db, {
        trackId: it.id,
        featuresVersion: IMPORTED_FEATURES_VERSION,
        features,
        keyConfidence: null,
        descriptors: null,
        descriptorsVersion: null,
      });
      withFeatures++;
    }
  }
  return withFeatures;
}
