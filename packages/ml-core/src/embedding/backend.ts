import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** A tfjs backend the embedding model runs on. */
export type EmbeddingBackend = 'wasm' | 'cpu';

/**
 * Selects the tfjs backend: WASM by default (XNNPACK kernels, tens of times
 * faster than the pure-JS CPU backend), falling back to `cpu` when WASM cannot
 * start. In Node the WASM binaries are loaded from the installed
 * `@tensorflow/tfjs-backend-wasm` package (`setWasmPaths` with its `dist/`
 * directory, ending in '/'); nothing is downloaded.
 *
 * @returns the backend actually in use
 */
export async function useBackend(preferred: EmbeddingBackend = 'wasm'): Promise<EmbeddingBackend> {
  if (preferred === 'wasm') {
    try {
      if (tf.getBackend() !== 'wasm') {
        const require = createRequire(import.meta.url);
        setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
      }
      if (tf.getBackend() === 'wasm' || (await tf.setBackend('wasm'))) {
        await tf.ready();
        return 'wasm';
      }
    } catch {
      // fall through to cpu
    }
  }
  if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}
