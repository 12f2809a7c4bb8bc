/**
 * A trained {@link CollabState} to and from a model directory (`persist.ts` holds the file format:
 * typed arrays in `collab.bin`, zod-checked metadata with a SHA-256 in `collab.json`). On load the
 * parameters are validated by a schema and every array against the sizes it must have, so a model
 * that would score out of bounds is refused (`BAD_MODEL`) instead of used.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { AudiioError } from '../errors.js';
import type { InteractionMatrix } from '../ranking/types.js';
import { transpose } from '../ranking/interactions.js';
import type { EaseFit } from './ease.js';
import type { ItemGraph } from './item-graph.js';
import { COLLAB_META_FILE, readCollabFiles, writeCollabFiles, type StoredArray } from './persist.js';
import type { CollabState } from './state.js';
import { WEIGHTINGS } from './weighting.js';

const paramsSchema = z.object({
  weighting: z.enum(WEIGHTINGS),
  reg: z.number().positive(),
  alpha: z.number().positive(),
  beta: z.number().nonnegative(),
  k: z.number().int().positive(),
  blend: z.number().min(0).max(1),
  easeMax: z.number().int().nonnegative(),
  /** Why EASE was left out, when it was (empty: it was not). */
  note: z.string(),
});

/** EASE form codes in `scalars.easeForm`. */
const FORMS = { none: 0, item: 1, user: 2 } as const;

/** Saves `state` into `dir` (see `persist.ts`). */
export function writeCollabState(state: CollabState, dir: string): void {
  const { options: o, ease, graph } = state;
  const arrays: Record<string, StoredArray> = { counts: state.counts };
  if (graph) Object.assign(arrays, { graphIndptr: graph.indptr, graphIndices: graph.indices, graphValues: graph.values });
  if (ease?.form === 'item') Object.assign(arrays, { easeWarm: ease.warm, easeP: ease.p });
  if (ease?.form === 'user') {
    Object.assign(arrays, { easeIndptr: ease.train.indptr, easeIndices: ease.train.indices, easeWeights: ease.train.weights, easeK: ease.k, easePdiag: ease.pdiag });
  }
  writeCollabFiles(
    dir,
    {
      method: ease && graph ? 'ease+rp3beta' : ease ? 'ease' : 'rp3beta',
      params: { weighting: o.weighting, reg: o.reg, alpha: o.alpha, beta: o.beta, k: o.k, blend: o.blend, easeMax: o.easeMax, note: state.note ?? '' },
      nUsers: state.nUsers,
      nItems: state.counts.length,
      pairs: state.pairs,
      scalars: { easeForm: ease ? FORMS[ease.form] : FORMS.none, easeLambda: ease ? ease.lambda : 0 },
      itemIds: o.itemIds,
    },
    arrays,
  );
}

/** Reads a state saved by {@link writeCollabState}. @throws AudiioError `NOT_FOUND`, `BAD_MODEL` (see `readCollabFiles`). */
export function readCollabState(dir: string): CollabState {
  const { meta, arrays } = readCollabFiles(dir);
  const path = join(dir, COLLAB_META_FILE);
  const bad = (why: string) => new AudiioError('BAD_MODEL', `collaborative model is inconsistent (${why}); train the collaborative model again`, { path });
  const p = paramsSchema.safeParse(meta.params);
  if (!p.success) throw bad(`parameters: ${p.error.issues[0]?.path.join('.')}: ${p.error.issues[0]?.message}`);
  const n = meta.nItems;
  const m = meta.nUsers;
  if (!['ease', 'rp3beta', 'ease+rp3beta'].includes(meta.method)) throw bad(`unknown method ${meta.method}`);
  if (meta.itemIds && meta.itemIds.length !== n) throw bad(`${meta.itemIds.length} item ids for ${n} items`);
  function get<T extends StoredArray>(name: string, ctor: new (n: number) => T, length?: number): T {
    const a = arrays.get(name);
    if (!(a instanceof ctor)) throw bad(`array ${name} is missing or of the wrong type`);
    if (length !== undefined && a.length !== length) throw bad(`array ${name} has ${a.length} entries, expected ${length}`);
    return a;
  }
  /** A CSR index: non-decreasing row pointers from 0 to the number of entries, entries below `cols`. */
  const csr = (name: string, indptr: Int32Array, indices: Int32Array, cols: number) => {
    if (indptr[0] !== 0 || indptr[indptr.length - 1] !== indices.length) throw bad(`${name} row pointers do not span its entries`);
    for (let r = 1; r < indptr.length; r++) if (indptr[r] < indptr[r - 1]) throw bad(`${name} row pointers decrease`);
    for (const c of indices) if (!(c >= 0 && c < cols)) throw bad(`${name} refers to index ${c} outside 0…${cols - 1}`);
  };
  const counts = get('counts', Float64Array, n);
  let graph: ItemGraph | null = null;
  if (meta.method !== 'ease') {
    graph = { nItems: n, indptr: get('graphIndptr', Int32Array, n + 1), indices: get('graphIndices', Int32Array), values: get('graphValues', Float32Array) };
    if (graph.values.length !== graph.indices.length) throw bad('graph values and indices differ in length');
    csr('graph', graph.indptr, graph.indices, n);
  }
  let ease: EaseFit | null = null;
  const form = meta.scalars.easeForm;
  const lambda = meta.scalars.easeLambda;
  if (meta.method !== 'rp3beta') {
    if (!(lambda > 0)) throw bad(`EASE λ ${lambda} is not > 0`);
    if (form === FORMS.item) {
      const warm = get('easeWarm', Int32Array);
      const pm = get('easeP', Float64Array, warm.length * warm.length);
      const pos = new Int32Array(n).fill(-1);
      warm.forEach((i, a) => {
        if (!(i >= 0 && i < n)) throw bad(`EASE item ${i} outside 0…${n - 1}`);
        pos[i] = a;
      });
      // The item form scores from P alone; its training matrix is not stored.
      const none: InteractionMatrix = { nUsers: 0, nItems: n, indptr: new Int32Array(1), indices: new Int32Array(0), weights: new Float32Array(0) };
      ease = { form: 'item', lambda, train: none, warm, pos, p: pm, counts, acc: new Float64Array(n) };
    } else if (form === FORMS.user) {
      const train: InteractionMatrix = { nUsers: m, nItems: n, indptr: get('easeIndptr', Int32Array, m + 1), indices: get('easeIndices', Int32Array), weights: get('easeWeights', Float32Array) };
      if (train.weights.length !== train.indices.length) throw bad('EASE weights and indices differ in length');
      csr('EASE training matrix', train.indptr, train.indices, n);
      ease = { form: 'user', lambda, train, cols: transpose(train), k: get('easeK', Float64Array, m * m), pdiag: get('easePdiag', Float64Array, n), counts, acc: new Float64Array(n) };
    } else {
      throw bad(`method ${meta.method} without an EASE form`);
    }
  }
  const { note, ...options } = p.data;
  return { options: { ...options, itemIds: meta.itemIds }, nUsers: m, pairs: meta.pairs, counts, ease, graph, note: note === '' ? null : note };
}
