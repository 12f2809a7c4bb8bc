// Compiles iir.wat to iir-wasm.ts (the module's bytes, base64). Needs the `wabt` npm package
// (wat2wasm; Apache-2.0), which is not a dependency of the project. Install it anywhere and point
// WABT_FROM at a file in that folder, e.g.
//   (cd /tmp/wabt && npm init -y && npm install wabt@1.0.39)
//   WABT_FROM=/tmp/wabt/index.js node packages/ml-core/src/audio/kernels/build-wasm.mjs
// iir.test.ts checks the result against the JavaScript loops it replaces.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(process.env.WABT_FROM ?? import.meta.url);
const wabt = await require('wabt')();
const mod = wabt.parseWat('iir.wat', readFileSync(join(here, 'iir.wat'), 'utf8'), { simd: true });
mod.validate();
const { buffer } = mod.toBinary({});
const b64 = Buffer.from(buffer).toString('base64');
const lines = b64.match(/.{1,100}/g).map((l) => `  '${l}',`).join('\n');
writeFileSync(
  join(here, 'iir-wasm.ts'),
  `/** The bytes of iir.wat compiled by build-wasm.mjs (wabt wat2wasm), base64. Generated: do not edit. */\nexport const IIR_WASM_BASE64 = [\n${lines}\n].join('');\n`,
);
console.log(`iir-wasm.ts: ${buffer.length} bytes`);
