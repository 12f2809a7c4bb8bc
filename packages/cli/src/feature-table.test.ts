import { describe, expect, it } from 'vitest';
import { formatFeatureTable } from './feature-table.js';
import type { AudioFeatures } from '@audiio-ml/ml-core';

const f: AudioFeatures = {
  tempo: 127.64, key: 9, mode: 0, energy: 0.5, danceability: 0.91, valence: 0.333, acousticness: 0.1,
  instrumentalness: 0.98, speechiness: 0.04, loudness: -14.26,
};

describe('formatFeatureTable', () => {
  it('prints a header and one aligned row per track, key as name and mode', () => {
    const out = formatFeatureTable([{ name: 'a.wav', features: f }, { name: 'silence.wav', features: { ...f, key: -1, tempo: 0 } }]);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^file\s+tempo\s+key\s+energy\s+dance\s+valence\s+acoust\s+instr\s+speech\s+LUFS$/);
    expect(lines[1]).toMatch(/^a\.wav\s+127\.6\s+A min\s+0\.50\s+0\.91\s+0\.33\s+0\.10\s+0\.98\s+0\.04\s+-14\.3$/);
    expect(lines[2]).toMatch(/silence\.wav\s+0\.0\s+-\s/);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
  it('cuts long names from the left and appends notes', () => {
    const out = formatFeatureTable([{ name: 'x'.repeat(50) + 'end.wav', features: f, note: 'truth' }], 20);
    const row = out.split('\n')[1];
    expect(row.startsWith('…')).toBe(true);
    expect(row).toContain('end.wav');
    expect(row.endsWith('truth')).toBe(true);
  });
});
