/**
 * The collaborative model of a library: trained by `audiio-ml train` beside the embedding model
 * (in the same model directory) on every user's evidence (history/evidence.ts: imported
 * interactions and the listening history), and opened to score a listener from their current
 * evidence (fold-in), so what they played a minute ago counts without retraining.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AudiioError } from '../errors.js';
import { loadTrainingSet, modelDirOf } from '../embedding/library.js';
import { listEvidence } from '../history/evidence.js';
import { topK } from '../ranking/metrics.js';
import type { LibraryDb } from '../store/db.js';
import { getMeta, setMeta } from '../store/meta.js';
import { CollaborativeModel } from './model.js';
import { COLLAB_META_FILE } from './persist.js';
import type { CollaborativeOptions } from './state.js';

/** Meta key holding the directory of the library's collaborative model. */
const COLLAB_DIR_KEY = 'collab.modelDir';

/** Options of {@link trainLibraryCollab}. */
export interface TrainLibraryCollabOptions extends Partial<Omit<CollaborativeOptions, 'itemIds'>> {
  /** Where to save (default: the current embedding model's directory, else `<db dir>/models/collab`). */
  dir?: string;
}

/** What {@link trainLibraryCollab} did. */
export interface TrainLibraryCollabResult {
  model: CollaborativeModel;
  dir: string;
  users: number;
  tracks: number;
  pairs: number;
  /** Wall time of training, s. */
  seconds: number;
}

/**
 * Trains the collaborative model on the library's evidence, saves it (`collab.json` + `collab.bin`)
 * and records where. Tracks are the catalogue (tracks with features), by id.
 *
 * @throws AudiioError `BAD_ARGUMENT` when the library has no tracks or no evidence
 */
export function trainLibraryCollab(db: LibraryDb, dbPath: string, options: TrainLibraryCollabOptions = {}): TrainLibraryCollabResult {
  const { dir: out, ...params } = options;
  const input = loadTrainingSet(db);
  const t = performance.now();
  const model = CollaborativeModel.train(input.train, { ...params, itemIds: input.items.ids });
  const seconds = (performance.now() - t) / 1000;
  const dir = resolve(out ?? modelDirOf(db, dbPath) ?? join(dirname(resolve(dbPath)), 'models', 'collab'));
  model.save(dir);
  setMeta(db, COLLAB_DIR_KEY, dir);
  return { model, dir, users: input.users.length, tracks: input.items.ids.length, pairs: input.train.indices.length, seconds };
}

/** One collaborative recommendation: a track and its score (higher is better). */
export interface CollabRecommendation {
  trackId: string;
  score: number;
}

/** A library's collaborative model with its track ids, ready to score users of the library. */
export class LibraryCollab {
  private readonly index: Map<string, number>;
  private readonly out: Float32Array;

  /** Wraps a model trained with track ids (see {@link openLibraryCollab}). */
  constructor(
    readonly model: CollaborativeModel,
    readonly dir: string,
  ) {
    const ids = model.state.options.itemIds;
    if (!ids) throw new AudiioError('BAD_MODEL', `the collaborative model in ${dir} has no track ids`);
    this.index = new Map(ids.map((id, i) => [id, i]));
    this.out = new Float32Array(model.nItems);
  }

  /** Track ids the model knows, by item index. */
  get trackIds(): readonly string[] {
    return this.model.state.options.itemIds ?? [];
  }

  /**
   * The `k` tracks the model recommends to `userId` now, from their current evidence in `db`
   * (fold-in: their latest listens count), best first; none of them in that evidence. Empty for a
   * user without evidence on tracks the model knows.
   */
  recommend(db: LibraryDb, userId: string, k: number): CollabRecommendation[] {
    const items: number[] = [];
    const weights: number[] = [];
    for (const r of listEvidence(db, userId)) {
      const i = this.index.get(r.trackId);
      if (i === undefined) continue;
      items.push(i);
      weights.push(r.weight);
    }
    if (items.length === 0) return [];
    this.model.scoreHistory(items, weights, this.out);
    const ranked = new Int32Array(k);
    const got = topK(this.out, k, [], ranked);
    const ids = this.trackIds;
    const res: CollabRecommendation[] = [];
    for (let r = 0; r < got && this.out[ranked[r]] > -Infinity; r++) res.push({ trackId: ids[ranked[r]], score: this.out[ranked[r]] });
    return res;
  }

  /** Tracks that the listeners of `trackId` also play, best first (empty for a track nobody played at training). */
  similar(trackId: string, k: number): CollabRecommendation[] {
    const i = this.index.get(trackId);
    if (i === undefined) return [];
    const ids = this.trackIds;
    return this.model.similarItems(i, k).map((s) => ({ trackId: ids[s.item], score: s.score }));
  }
}

/**
 * Opens the library's collaborative model (the one `audiio-ml train` saved), or null when it has
 * none yet.
 *
 * @throws AudiioError `BAD_MODEL` when its files are corrupt (checksum, schema, sizes) or of
 * another format: run `audiio-ml train` again to rebuild it
 */
export function openLibraryCollab(db: LibraryDb, dbPath: string): LibraryCollab | null {
  const dir = getMeta(db, COLLAB_DIR_KEY) ?? modelDirOf(db, dbPath);
  if (!dir || !existsSync(join(dir, COLLAB_META_FILE))) return null;
  try {
    return new LibraryCollab(CollaborativeModel.load(dir), dir);
  } catch (err) {
    if (err instanceof AudiioError && err.code === 'BAD_MODEL') {
      throw new AudiioError('BAD_MODEL', `${err.message}; run \`audiio-ml train\` to rebuild the collaborative model`, { cause: err });
    }
    throw err;
  }
}
