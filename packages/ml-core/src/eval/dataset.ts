import { readCsvFile, type RowIssue } from '../import/csv.js';
import { readItemsFile, type MembershipRecord } from '../import/items.js';
import { readInteractionRows, type InteractionRecord, type ItemRecord } from '../import/records.js';
import { FEATURE_NAMES } from '../features/types.js';
import { toCsr } from '../ranking/interactions.js';
import type { InteractionMatrix, ItemCatalogue } from '../ranking/types.js';

/** Rows of one input file that were skipped, with line numbers and reasons. */
export interface FileIssues {
  path: string;
  issues: RowIssue[];
}

/**
 * A train/test split ready for the harness. Users and items are dense indices; `users`
 * are the training users in code-point order and `items.ids` the catalogue in code-point
 * order (so index order is the protocol's tie-break order).
 */
export interface EvalDataset {
  users: string[];
  items: ItemCatalogue;
  train: InteractionMatrix;
  /** Held-out interactions, rows indexed like `train` (empty rows: user not evaluated). */
  test: InteractionMatrix;
  /** Every skipped row of every input file; nothing is dropped without being listed here. */
  issues: FileIssues[];
}

/** In-memory input of {@link buildEvalDataset}. */
export interface EvalDatasetInput {
  train: readonly InteractionRecord[];
  test: readonly InteractionRecord[];
  /** The catalogue with attributes; when absent, the catalogue is every item of train ∪ test. */
  items?: readonly ItemRecord[];
  /**
   * Playlist memberships with their playlist genre (spotify_songs.csv); an item's genre is
   * the most frequent genre of its TRAINING memberships only (leakage rule of EVALUATION.md).
   */
  memberships?: readonly MembershipRecord[];
  /** File names used in issue reports. */
  trainPath?: string;
  testPath?: string;
}

function catalogueOf(ids: string[], records: Map<string, ItemRecord> | null): ItemCatalogue {
  const n = ids.length;
  const nF = FEATURE_NAMES.length;
  const popularity = new Float32Array(n).fill(NaN);
  let features: Float32Array | null = null;
  const cat: ItemCatalogue = {
    ids,
    artist: new Array<string | null>(n).fill(null),
    album: new Array<string | null>(n).fill(null),
    genre: new Array<string | null>(n).fill(null),
    releaseDate: new Array<string | null>(n).fill(null),
    popularity,
    features: null,
  };
  if (!records) return cat;
  for (let i = 0; i < n; i++) {
    const r = records.get(ids[i]) as ItemRecord;
    cat.artist[i] = r.artist;
    cat.album[i] = r.albumId ?? r.album;
    cat.genre[i] = r.genre;
    cat.releaseDate[i] = r.releaseDate;
    popularity[i] = r.popularity;
    if (r.features.some((v) => !Number.isNaN(v))) {
      features ??= new Float32Array(n * nF).fill(NaN);
      features.set(r.features, i * nF);
    }
  }
  cat.features = features;
  return cat;
}

/**
 * Builds an {@link EvalDataset} from parsed records. Skipped and reported (never silently
 * dropped): training or test rows whose item is not in the given catalogue, test rows of a
 * user with no training interaction, test rows that repeat a training pair.
 */
export function buildEvalDataset(input: EvalDatasetInput): EvalDataset {
  const trainPath = input.trainPath ?? 'train';
  const testPath = input.testPath ?? 'test';
  const trainIssues: RowIssue[] = [];
  const testIssues: RowIssue[] = [];
  const records = input.items ? new Map(input.items.map((r) => [r.id, r])) : null;
  const known = (item: string) => records === null || records.has(item);
  const train = input.train.filter((r) => known(r.item) || (trainIssues.push({ line: r.line, reason: 'item not in the items file' }), false));
  const ids = records ? [...records.keys()] : [...new Set([...input.train, ...input.test].map((r) => r.item))];
  ids.sort();
  const itemIndex = new Map(ids.map((id, i) => [id, i]));
  const users = [...new Set(train.map((r) => r.user))].sort();
  const userIndex = new Map(users.map((id, u) => [id, u]));
  const trainPairs = new Set(train.map((r) => `${r.user}\u0000${r.item}`));
  const test = input.test.filter((r) => {
    let reason: string | null = null;
    if (!userIndex.has(r.user)) reason = 'user has no training interactions (unknown user)';
    else if (!itemIndex.has(r.item)) reason = 'item not in the items file (unknown item)';
    else if (trainPairs.has(`${r.user}\u0000${r.item}`)) reason = 'pair is also in the training file';
    if (reason) testIssues.push({ line: r.line, reason });
    return reason === null;
  });
  const matrix = (rs: InteractionRecord[]) =>
    toCsr(
      users.length,
      ids.length,
      Int32Array.from(rs, (r) => userIndex.get(r.user) as number),
      Int32Array.from(rs, (r) => itemIndex.get(r.item) as number),
      Float32Array.from(rs, (r) => r.weight),
    );
  const items = catalogueOf(ids, records);
  if (input.memberships) {
    const votes = new Map<string, Map<string, number>>();
    for (const m of input.memberships) {
      if (!m.genre || !trainPairs.has(`${m.playlist}\u0000${m.item}`)) continue;
      const v = votes.get(m.item) ?? new Map<string, number>();
      v.set(m.genre, (v.get(m.genre) ?? 0) + 1);
      votes.set(m.item, v);
    }
    for (let i = 0; i < ids.length; i++) {
      const v = votes.get(ids[i]);
      items.genre[i] = v ? [...v].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0] : null;
    }
  }
  return {
    users,
    items,
    train: matrix(train),
    test: matrix(test),
    issues: [
      { path: trainPath, issues: trainIssues },
      { path: testPath, issues: testIssues },
    ],
  };
}

/**
 * Reads a split from files: `train` and `test` in the generic interaction format
 * (`user,item[,weight][,timestamp]`), `items` either a generic `items.csv` or a
 * spotify_songs.csv-shaped file (recognised by its header). Malformed rows are reported
 * in {@link EvalDataset.issues} with their line numbers.
 *
 * @throws AudiioError `FILE_UNREADABLE` / `BAD_FILE` for a missing, empty or header-less file.
 */
export function loadEvalDataset(paths: { train: string; test: string; items?: string }): EvalDataset {
  const read = (path: string) => {
    const table = readCsvFile(path, ['user', 'item']);
    const { records, issues } = readInteractionRows(table.rows);
    return { records, issues: [...table.issues, ...issues] };
  };
  const train = read(paths.train);
  const test = read(paths.test);
  let items: ItemRecord[] | undefined;
  let memberships: MembershipRecord[] | undefined;
  const itemIssues: FileIssues[] = [];
  if (paths.items) {
    const file = readItemsFile(paths.items);
    if (file.format === 'spotify') {
      items = file.rows.items;
      memberships = file.rows.memberships;
      itemIssues.push({ path: paths.items, issues: file.rows.issues.filter((i) => !i.reason.startsWith('repeated (playlist')) });
    } else {
      items = file.items;
      itemIssues.push({ path: paths.items, issues: file.issues });
    }
  }
  const data = buildEvalDataset({
    train: train.records,
    test: test.records,
    items,
    memberships,
    trainPath: paths.train,
    testPath: paths.test,
  });
  data.issues[0].issues.unshift(...train.issues);
  data.issues[1].issues.unshift(...test.issues);
  data.issues.push(...itemIssues);
  for (const f of data.issues) f.issues.sort((a, b) => a.line - b.line);
  return data;
}
