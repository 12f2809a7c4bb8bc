/**
 * A writer process for the concurrency test: records `count` listens of one user, one event per
 * call (one transaction each), into the library at `db`, and prints its report as JSON.
 *   node --conditions=source --import tsx tests/helpers/listen-writer.ts DB USER TRACK COUNT START_MS
 */
import { openLibrary, recordListens } from '@audiio-ml/ml-core';

const [db, user, trackId, count, start] = process.argv.slice(2);
const lib = openLibrary(db);
let recorded = 0;
let duplicates = 0;
const failed: string[] = [];
for (let i = 0; i < Number(count); i++) {
  const r = recordListens(lib, user, { trackId, timestamp: Number(start) + i, duration: 100 });
  recorded += r.recorded;
  duplicates += r.duplicates;
  failed.push(...r.failed.map((f) => f.message));
}
lib.close();
process.stdout.write(JSON.stringify({ recorded, duplicates, failed }) + '\n');
