// Compiles the hand-written WebAssembly kernels to the TypeScript modules that hold their bytes
// (base64), with wabt's wat2wasm (the `wabt` dev dependency, Apache-2.0):
//   packages/ml-core/src/audio/kernels/iir.wat      → iir-wasm.ts
//   packages/ml-core/src/audio/kernels/hann.wat     → hann-wasm.ts
//   packages/ml-core/src/features/kernels/frames.wat → frames-wasm.ts
//
//   node scripts/build-wasm.mjs          rewrite the modules
//   node scripts/build-wasm.mjs --check  fail unless every committed module is exactly what its
//                                        .wat compiles to (run by `npm run lint` and CI)
//
// The tests next to each kernel (iir.test.ts, hann.test.ts, frames.test.ts) check the compiled
// kernels against the readable JavaScript they replace.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const src = join(dirname(fileURLToPath(import.meta.url)), '../packages/ml-core/src');
const KERNELS = [
  { wat: 'audio/kernels/iir.wat', out: 'audio/kernels/iir-wasm.ts', name: 'IIR_WASM_BASE64' },
  { wat: 'audio/kernels/hann.wat', out: 'audio/kernels/hann-wasm.ts', name: 'HANN_WASM_BASE64' },
  { wat: 'features/kernels/frames.wat', out: 'features/kernels/frames-wasm.ts', name: 'FRAMES_WASM_BASE64' },
];

/** The TypeScript module holding the compiled bytes of `wat`. */
function compile(wabt, { wat, name }) {
  const file = basename(wat);
  const mod = wabt.parseWat(file, readFileSync(join(src, wat), 'utf8'), { simd: true });
  try {
    mod.validate();
    const { buffer } = mod.toBinary({});
    const lines = Buffer.from(buffer)
      .toString('base64')
      .match(/.{1,100}/g)
      .map((l) => `  '${l}',`)
      .join('\n');
    return {
      bytes: buffer.length,
      text: `/** The bytes of ${file} compiled by scripts/build-wasm.mjs (wabt wat2wasm), base64. Generated: do not edit. */\nexport const ${name} = [\n${lines}\n].join('');\n`,
    };
  } finally {
    mod.destroy();
  }
}

const check = process.argv.includes('--check');
const wabt = await wabtInit();
let stale = 0;
for (const k of KERNELS) {
  const { bytes, text } = compile(wabt, k);
  const path = join(src, k.out);
  if (!check) {
    writeFileSync(path, text);
    console.log(`${k.out}: ${bytes} bytes`);
  } else if (readFileSync(path, 'utf8') !== text) {
    stale++;
    console.error(`build-wasm: ${k.out} is not what ${k.wat} compiles to; run \`node scripts/build-wasm.mjs\` and commit both`);
  }
}
if (check) {
  if (stale) process.exit(1);
  console.log(`build-wasm: the ${KERNELS.length} compiled kernels match their .wat sources`);
}
