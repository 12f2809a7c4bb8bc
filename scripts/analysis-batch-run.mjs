// Child process of `bench:analysis --batch`: runs analyzeLibrary (the path of `audiio-ml analyze`)
// from the built package (dist/, as the installed CLI runs it; no TypeScript loader) and prints
// one JSON line with the summary and this process's CPU time (every thread: main, workers,
// decoder, GC). Usage: node scripts/analysis-batch-run.mjs DIR JOBS [--default-gc]
import { join } from 'node:path';
import { analyzeLibrary, openLibrary, tuneGcForAnalysis } from '@audiio-ml/ml-core/analysis';

const [dir, jobs, gc] = process.argv.slice(2);
if (gc !== '--default-gc') tuneGcForAnalysis();
const db = openLibrary(join(dir, 'library.db'));
const cpu0 = process.cpuUsage();
const sum = await analyzeLibrary(db, dir, { jobs: Number(jobs) });
const cpu = process.cpuUsage(cpu0);
db.close();
const total = process.cpuUsage();
console.log(JSON.stringify({ ...sum, cpuSec: (cpu.user + cpu.system) / 1e6, processCpuSec: (total.user + total.system) / 1e6 }));
