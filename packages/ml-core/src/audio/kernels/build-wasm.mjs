// Compiles the hand-written WebAssembly kernels to TypeScript modules holding their bytes (base64):
// audio/kernels/iir.wat → iir-wasm.ts, hann.wat → hann-wasm.ts, features/kernels/frames.wat → frames-wasm.ts. Needs the `wabt`
// npm package (wat2wasm; Apache-2.0), which is not a dependency of the project. Install it anywhere
// and point WABT_FROM at a file in that folder, e.g.
//   (cd /tmp/wabt && npm init -y && npm install wabt@1.0.39)
//   WABT_FROM=/tmp/wabt/index.js node packages/ml-core/src/audio/kernels/build-wasm.mjs
// iir.test.ts and features/kernels/frames.test.ts check the results against the JavaScript loops
// they replace.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(process.env.WABT_FROM ?? import.meta.url);
const wabt = await require('wabt')();
const kernels = [
  { wat: join(here, 'iir.wat'), out: join(here, 'iir-wasm.ts'), name: 'IIR_WASM_BASE64' },
  { wat: join(here, 'hann.wat'), out: join(here, 'hann-wasm.ts'), name: 'HANN_WASM_BASE64' },
  { wat: join(here, '../../features/kernels/frames.wat'), out: join(here, '../../features/kernels/frames-wasm.ts'), name: 'FRAMES_WASM_BASE64' },
];
for (const { wat, out, name } of kernels) {
  const file = basename(wat);
  const mod = wabt.parseWat(file, readFileSync(wat, 'utf8'), { simd: true });
  mod.validate();
  const { buffer } = mod.toBinary({});
  const b64 = Buffer.from(buffer).toString('base64');
  const lines = b64.match(/.{1,100}/g).map((l) => `  '${l}',`).join('\n');
  writeFileSync(
    out,
    `/** The bytes of ${file} compiled by build-wasm.mjs (wabt wat2wasm), base64. Generated: do not edit. */\nexport const ${name} = [\n${lines}\n].join('');\n`,
  );
  console.log(`${basename(out)}: ${buffer.length} bytes`);
}
