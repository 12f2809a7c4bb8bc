import * as tf from '@tensorflow/tfjs';
import { INPUT_DIM } from './normalize.js';

/** Divides each row by its L2 norm (plus 1e-12 so a zero row stays finite). */
export function l2Normalize(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => x.div(x.square().sum(-1, true).add(1e-12).sqrt()));
}

/** A layer that L2-normalises its input along the last axis (serialisable as `AudiioL2Normalize`). */
export class L2NormalizeLayer extends tf.layers.Layer {
  static readonly className = 'AudiioL2Normalize';
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return l2Normalize(Array.isArray(inputs) ? inputs[0] : inputs);
  }
}
tf.serialization.registerClass(L2NormalizeLayer);

/** Shape of the item tower. */
export interface TowerShape {
  /** Hidden layer sizes of the audio MLP (seed: [64, 128]). */
  hidden: number[];
  /** Output dimension (seed: 128). */
  dim: number;
  /** Rows of the artist table including the reserved unknown row 0; 0 = no artist embeddings. */
  artistRows: number;
  /** Rows of the album table including the reserved unknown row 0; 0 = no album embeddings. */
  albumRows: number;
}

/** Names of the tower's layers, used to find them again after loading. */
export const LAYER = {
  hidden: (i: number) => `audio_hidden_${i + 1}`,
  out: 'audio_out',
  artist: 'artist_embedding',
  album: 'album_embedding',
} as const;

/**
 * Builds the item tower as a tfjs layers model: inputs `features` (11 floats,
 * see normalize.ts) and, when enabled, `artist` / `album` (one int index each);
 * output = L2-normalise(MLP(features) + artistTable[artist] + albumTable[album]).
 * The MLP is the seed's (ReLU hidden layers, linear output). Weights are
 * Glorot-uniform with `seed`; tables start at zero.
 */
export function buildTower(shape: TowerShape, seed: number): tf.LayersModel {
  const features = tf.input({ shape: [INPUT_DIM], name: 'features' });
  const inputs: tf.SymbolicTensor[] = [features];
  let h: tf.SymbolicTensor = features;
  shape.hidden.forEach((units, i) => {
    h = tf.layers
      .dense({ units, activation: 'relu', name: LAYER.hidden(i), kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }) })
      .apply(h) as tf.SymbolicTensor;
  });
  let out = tf.layers
    .dense({ units: shape.dim, name: LAYER.out, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }) })
    .apply(h) as tf.SymbolicTensor;
  const parts: tf.SymbolicTensor[] = [out];
  for (const [name, rows] of [
    ['artist', shape.artistRows],
    ['album', shape.albumRows],
  ] as const) {
    if (rows <= 0) continue;
    const idx = tf.input({ shape: [1], name, dtype: 'int32' });
    inputs.push(idx);
    const emb = tf.layers
      .embedding({ inputDim: rows, outputDim: shape.dim, name: LAYER[name], embeddingsInitializer: 'zeros' })
      .apply(idx) as tf.SymbolicTensor;
    parts.push(tf.layers.flatten({ name: `${name}_flat` }).apply(emb) as tf.SymbolicTensor);
  }
  if (parts.length > 1) out = tf.layers.add({ name: 'item_sum' }).apply(parts) as tf.SymbolicTensor;
  const normalized = new L2NormalizeLayer({ name: 'l2_normalize' }).apply(out) as tf.SymbolicTensor;
  return tf.model({ inputs, outputs: normalized, name: 'audiio_item_tower' });
}

/**
 * `a · b` whose gradient uses explicit transposes and plain products: the
 * WASM backend's BatchMatMul is ~10× slower with transposeA/transposeB set
 * (no XNNPACK path), which the built-in matMul gradient uses.
 */
export const matMulFastGrad: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor = tf.customGrad<tf.Tensor>(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
      tf.matMul(dy, saved[1].transpose<tf.Tensor2D>()),
      tf.matMul(saved[0].transpose<tf.Tensor2D>(), dy),
    ],
  };
}) as unknown as Parameters<typeof tf.customGrad<tf.Tensor>>[0]);
