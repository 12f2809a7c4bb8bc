import { collaborativeFactory } from '../collab/recommender.js';
import { embeddingFactory } from '../embedding/recommender.js';
import { AudiioError } from '../errors.js';
import { contentFactory } from './baselines/content.js';
import { easeFactory } from './baselines/ease.js';
import { itemKnnFactory } from './baselines/itemknn.js';
import { popularityFactory } from './baselines/popularity.js';
import { randomFactory } from './baselines/random.js';
import { rp3betaFactory } from './baselines/rp3beta.js';
import type { ParamValue, RecommenderFactory } from '../ranking/types.js';

/** The baselines of EVALUATION.md. */
export const BASELINES: readonly RecommenderFactory[] = [
  randomFactory,
  popularityFactory,
  itemKnnFactory,
  easeFactory,
  rp3betaFactory,
  contentFactory,
];

/**
 * Every model `audiio-ml eval --model NAME` knows. To register a recommender: implement
 * {@link RecommenderFactory} (name, declared `params` with `default`, optional `grid` for
 * `--tune`, and `doc`; `create(params)` returning a {@link Recommender} whose `fit` learns
 * from a FitInput and whose `scoreUser(u, out)` writes one score per catalogue item), import
 * it here and append it to this list, one line:
 *
 * ```ts
 * import { embeddingFactory } from '../embedding/recommender.js';
 * export const MODELS = [...BASELINES, embeddingFactory];
 * ```
 */
export const MODELS: readonly RecommenderFactory[] = [...BASELINES, embeddingFactory, collaborativeFactory];

/** The factory called `name`. @throws AudiioError `NOT_FOUND` naming the known models. */
export function findModel(name: string, models: readonly RecommenderFactory[] = MODELS): RecommenderFactory {
  const f = models.find((m) => m.name === name);
  if (!f) throw new AudiioError('NOT_FOUND', `unknown model "${name}"; known: ${models.map((m) => m.name).join(', ')}`);
  return f;
}

function coerce(factory: RecommenderFactory, key: string, raw: ParamValue): ParamValue {
  const decl = factory.params[key];
  if (!decl) {
    const known = Object.keys(factory.params);
    throw new AudiioError(
      'BAD_ARGUMENT',
      `model ${factory.name} has no parameter "${key}"${known.length ? ` (known: ${known.join(', ')})` : ' (it takes none)'}`,
    );
  }
  if (typeof decl.default === 'number') {
    const v = typeof raw === 'number' ? raw : Number(raw);
    if (typeof raw === 'boolean' || (typeof raw === 'string' && raw.trim() === '') || !Number.isFinite(v)) {
      throw new AudiioError('BAD_ARGUMENT', `${factory.name}: ${key} must be a number, got "${raw}"`);
    }
    return v;
  }
  if (typeof decl.default === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new AudiioError('BAD_ARGUMENT', `${factory.name}: ${key} must be true or false, got "${raw}"`);
  }
  return String(raw);
}

/** The factory's defaults overridden by `given` (coerced to the declared types). @throws AudiioError `BAD_ARGUMENT`. */
export function resolveParams(factory: RecommenderFactory, given: Record<string, ParamValue> = {}): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [k, d] of Object.entries(factory.params)) out[k] = d.default;
  for (const [k, v] of Object.entries(given)) out[k] = coerce(factory, k, v);
  return out;
}

/** A parsed `--model` argument. */
export interface ModelSpec {
  factory: RecommenderFactory;
  /** Only the parameters given on the command line (coerced). */
  given: Record<string, ParamValue>;
  /** Defaults overridden by `given`. */
  params: Record<string, ParamValue>;
}

/**
 * Parses `NAME[:key=value,...]`, e.g. `itemknn:k=200,shrink=10`.
 * @throws AudiioError `NOT_FOUND` for an unknown model, `BAD_ARGUMENT` for a malformed or unknown parameter.
 */
export function parseModelSpec(spec: string, models: readonly RecommenderFactory[] = MODELS): ModelSpec {
  const colon = spec.indexOf(':');
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  const factory = findModel(name, models);
  const raw: Record<string, ParamValue> = {};
  if (colon >= 0 && spec.slice(colon + 1).trim() !== '') {
    for (const part of spec.slice(colon + 1).split(',')) {
      const eq = part.indexOf('=');
      if (eq <= 0) throw new AudiioError('BAD_ARGUMENT', `--model ${spec}: expected key=value, got "${part}"`);
      raw[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    }
  }
  const given: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(raw)) given[k] = coerce(factory, k, v);
  return { factory, given, params: resolveParams(factory, given) };
}

/**
 * Every parameter combination `--tune` tries: the cartesian product of the declared grids,
 * except that parameters given explicitly (in `fixed`) stay fixed.
 */
export function paramGrid(factory: RecommenderFactory, fixed: Record<string, ParamValue> = {}): Record<string, ParamValue>[] {
  let combos: Record<string, ParamValue>[] = [resolveParams(factory, fixed)];
  for (const [k, d] of Object.entries(factory.params)) {
    if (k in fixed || !d.grid?.length) continue;
    combos = combos.flatMap((c) => (d.grid as ParamValue[]).map((v) => ({ ...c, [k]: v })));
  }
  return combos;
}

/** `name:key=value,...` for a model and its parameters (the `--model` syntax). */
export function formatModel(name: string, params: Record<string, ParamValue>): string {
  const kv = Object.entries(params).map(([k, v]) => `${k}=${v}`);
  return kv.length ? `${name}:${kv.join(',')}` : name;
}
