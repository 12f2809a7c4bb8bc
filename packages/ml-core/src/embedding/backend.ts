import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { errorMessage } from '../errors.js';

/** A tfjs backend the embedding model runs on. */
export type EmbeddingBackend = 'wasm' | 'cpu';

/** Why the WASM backend could not start, once it was tried and failed. */
let wasmFailure: string | undefined;

/**
 * Selects the tfjs backend: WASM by default (XNNPACK kernels, tens of times
 * faster than the pure-JS CPU backend), falling back to `cpu` when WASM cannot
 * start; the fallback emits the warning `AUDIIO_TFJS_FALLBACK` once per process. In Node the
 * WASM binaries are loaded from the installed `@tensorflow/tfjs-backend-wasm` package
 * (`setWasmPaths` with its `dist/` directory, ending in '/'); nothing is downloaded.
 *
 * @returns the backend actually in use
 */
export async function useBackend(preferred: EmbeddingBackend = 'wasm'): Promise<EmbeddingBackend> {
  if (preferred === 'wasm' && wasmFailure === undefined) {
    try {
      if (tf.getBackend() !== 'wasm') {
        const require = createRequire(import.meta.url);
        setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
      }
      if (tf.getBackend() === 'wasm' || (await tf.setBackend('wasm'))) {
        await tf.ready();
        return 'wasm';
      }
      wasmFailure = 'tf.setBackend("wasm") returned false';
    } catch (err) {
      wasmFailure = errorMessage(err);
    }
    process.emitWarning(`the tfjs WASM backend could not start (${wasmFailure}); the embedding model runs on the CPU backend, ~20× slower`, {
      code: 'AUDIIO_TFJS_FALLBACK',
    });
  }
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}

/**
 * The tfjs backend the embedding model runs on (starting it if needed), and why it is not WASM
 * when it is not.
 */
export async function embeddingBackend(): Promise<{ backend: EmbeddingBackend; reason?: string }> {
  const backend = await useBackend();
  return backend === 'wasm' ? { backend } : { backend, reason: wasmFailure ?? 'the CPU backend was chosen explicitly' };
}
