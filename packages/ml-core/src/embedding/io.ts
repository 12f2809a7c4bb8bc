import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AudiioError } from '../errors.js';

/** File name of the topology and weights manifest inside a model directory. */
export const MODEL_JSON = 'model.json';
/** File name of the binary weights inside a model directory. */
export const WEIGHTS_BIN = 'weights.bin';

/** Writes `data` to `path` atomically (temporary file, then rename). */
function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function readModelJson(dir: string): tf.io.ModelJSON {
  const path = join(dir, MODEL_JSON);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'FILE_UNREADABLE';
    throw new AudiioError(code, `no readable embedding model here (${(cause as Error).message}); train one with \`audiio-ml train\``, {
      path,
      cause,
    });
  }
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(text) as tf.io.ModelJSON;
  } catch (cause) {
    throw new AudiioError('BAD_MODEL', `model.json is not valid JSON (${(cause as Error).message}); retrain the model`, { path, cause });
  }
  if (typeof json !== 'object' || json === null || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new AudiioError('BAD_MODEL', 'model.json has no model topology or weights manifest; retrain the model', { path });
  }
  return json;
}

/**
 * A tfjs `IOHandler` that saves and loads a layers model as files with
 * `node:fs`: `<dir>/model.json` (topology, weights manifest, user metadata) and
 * `<dir>/weights.bin` (all weights, float32, concatenated). This is the format
 * `tf.LayersModel.save('file://…')` writes, without needing tfjs-node.
 *
 * Load errors: `NOT_FOUND` when there is no model.json, `BAD_MODEL` when a file
 * is not valid JSON, lacks the topology/manifest, or the weights file is
 * missing or does not have the bytes the manifest lists.
 */
export function fileModelHandler(dir: string): tf.io.IOHandler {
  return {
    save: (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => settle(() => {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new AudiioError('INTERNAL', 'binary model topologies are not supported', { path: dir });
      }
      mkdirSync(dir, { recursive: true });
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)));
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        userDefinedMetadata: artifacts.userDefinedMetadata,
      };
      writeAtomic(join(dir, WEIGHTS_BIN), weights);
      writeAtomic(join(dir, MODEL_JSON), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
    load: (): Promise<tf.io.ModelArtifacts> =>
      settle(() => readModelJson(dir)).then((json) => tf.io.getModelArtifactsForJSON(json, (manifest) => settle(() => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) {
            const path = join(dir, p);
            let buf: Buffer;
            try {
              buf = readFileSync(path);
            } catch (cause) {
              throw new AudiioError('BAD_MODEL', `the model's weights file is missing or unreadable; retrain the model`, { path, cause });
            }
            buffers.push(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
          }
        }
        const data = tf.io.CompositeArrayBuffer.join(buffers);
        const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * bytesOf(s.dtype), 0);
        if (data.byteLength !== expected) {
          throw new AudiioError(
            'BAD_MODEL',
            `the weights file has ${data.byteLength} bytes where the manifest lists ${expected}; the model is corrupt, retrain it`,
            { path: join(dir, WEIGHTS_BIN) },
          );
        }
        return [specs, data] as [tf.io.WeightsManifestEntry[], ArrayBuffer];
      }))),
  };
}

/** The value of `fn` as a promise: a throw becomes a rejection (the IOHandler contract is asynchronous). */
function settle<T>(fn: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(fn()));
}

function bytesOf(dtype: string): number {
  if (dtype === 'float32' || dtype === 'int32') return 4;
  if (dtype === 'bool') return 1;
  throw new AudiioError('BAD_MODEL', `unsupported weight dtype ${dtype}`);
}
