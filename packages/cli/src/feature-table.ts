/**
 * Plain-text tables of analysed tracks, for the CLI and the demo.
 */
import { keyName, type AudioFeatures } from '@audiio-ml/ml-core';

/** One row of {@link formatFeatureTable}. */
export interface FeatureTableRow {
  /** What to show in the first column (file name, title…). */
  name: string;
  features: AudioFeatures;
  /** Free text printed after the last column (e.g. the known truth). */
  note?: string;
}

const COLUMNS: { head: string; width: number; cell: (f: AudioFeatures) => string }[] = [
  { head: 'tempo', width: 6, cell: (f) => f.tempo.toFixed(1) },
  { head: 'key', width: 8, cell: (f) => (f.key < 0 ? '-' : keyName(f.key, f.mode).replace(' major', ' maj').replace(' minor', ' min')) },
  { head: 'energy', width: 6, cell: (f) => f.energy.toFixed(2) },
  { head: 'dance', width: 5, cell: (f) => f.danceability.toFixed(2) },
  { head: 'valence', width: 7, cell: (f) => f.valence.toFixed(2) },
  { head: 'acoust', width: 6, cell: (f) => f.acousticness.toFixed(2) },
  { head: 'instr', width: 5, cell: (f) => f.instrumentalness.toFixed(2) },
  { head: 'speech', width: 6, cell: (f) => f.speechiness.toFixed(2) },
  { head: 'LUFS', width: 6, cell: (f) => f.loudness.toFixed(1) },
];

/**
 * A fixed-width table: name, tempo (BPM), key and mode ("A min"), energy,
 * danceability, valence, acousticness, instrumentalness, speechiness (0–1)
 * and loudness (LUFS), then each row's `note` if any. Names longer than `nameWidth` are cut from the left
 * (the end of a path says most).
 */
export function formatFeatureTable(rows: readonly FeatureTableRow[], nameWidth = 32): string {
  const w = Math.min(nameWidth, Math.max(4, ...rows.map((r) => r.name.length)));
  const fit = (s: string) => (s.length > w ? `…${s.slice(s.length - w + 1)}` : s.padEnd(w));
  const notes = rows.some((r) => r.note);
  const lines = [[fit('file'), ...COLUMNS.map((c) => c.head.padStart(c.width)), ...(notes ? ['note'] : [])].join('  ')];
  for (const r of rows) {
    lines.push([fit(r.name), ...COLUMNS.map((c) => c.cell(r.features).padStart(c.width)), ...(r.note ? [r.note] : [])].join('  '));
  }
  return lines.join('\n') + '\n';
}
