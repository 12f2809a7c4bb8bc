import { describe, expect, it } from 'vitest';
import { renderSong } from './song.js';
import { TIMBRES } from './instruments.js';
import { keyName } from '@audiio-ml/ml-core';
import { diatonicChord } from './theory.js';
import { composeSong } from './compose.js';

function rms(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / Math.max(1, to - from));
}

describe('renderSong', () => {
  it('is deterministic for a seed and differs between seeds', async () => {
    const spec = { tempo: 100, key: 2, mode: 1, drums: true, timbre: 'piano', durationSec: 3, sampleRate: 16000 } as const;
    const a = await renderSong({ ...spec, seed: 7 });
    const b = await renderSong({ ...spec, seed: 7 });
    const c = await renderSong({ ...spec, seed: 8 });
    expect(a.channels[0]).toEqual(b.channels[0]);
    expect(a.channels[0]).not.toEqual(c.channels[0]);
  });

  it('renders every timbre, with and without drums, audibly and without clipping', async () => {
    for (const timbre of TIMBRES) {
      for (const drums of [true, false]) {
        const s = await renderSong({ tempo: 120, key: 9, mode: 0, drums, timbre, durationSec: 2, sampleRate: 16000 });
        expect(s.channels).toHaveLength(2);
        expect(s.channels[0]).toHaveLength(32000);
        const level = rms(s.channels[0]);
        expect(level, `${timbre} drums=${drums}`).toBeGreaterThan(0.03);
        expect(Math.max(...s.channels[0].map(Math.abs))).toBeLessThanOrEqual(0.9);
      }
    }
  });

  it('honours sample rate and channel count (8 kHz mono to 192 kHz 6 channels)', async () => {
    const mono = await renderSong({ tempo: 90, key: 0, mode: 1, drums: true, timbre: 'organ', durationSec: 1, sampleRate: 8000, channels: 1 });
    expect(mono.sampleRate).toBe(8000);
    expect(mono.channels).toHaveLength(1);
    expect(mono.durationSec).toBe(1);
    const six = await renderSong({ tempo: 90, key: 0, mode: 1, drums: true, timbre: 'pad', durationSec: 0.5, sampleRate: 192000, channels: 6 });
    expect(six.channels).toHaveLength(6);
    expect(six.channels[5]).toHaveLength(96000);
    for (const ch of six.channels) expect(rms(ch)).toBeGreaterThan(0.01);
  });

  it('puts kick drums on the beat: energy peaks at multiples of the beat period', async () => {
    const tempo = 120;
    const sr = 8000;
    const s = await renderSong({ tempo, key: 0, mode: 1, drums: true, timbre: 'pad', chordPattern: 'sustained', melody: false, durationSec: 4, sampleRate: sr, channels: 1 });
    const x = s.channels[0];
    const beat = (60 / tempo) * sr;
    // Low band energy just after each downbeat (kick) beats the energy just before it.
    for (const b of [0, 2, 4, 6]) {
      const at = Math.round(b * beat);
      const before = Math.max(0, at - 800);
      if (b > 0) expect(rms(x, at, at + 400)).toBeGreaterThan(rms(x, before, at - 400));
    }
  });

  it('rejects out-of-range specs with BAD_ARGUMENT', async () => {
    const ok = { tempo: 120, key: 0, mode: 1, drums: false, timbre: 'piano', durationSec: 1 } as const;
    await expect(renderSong({ ...ok, tempo: 0 })).rejects.toThrow(/tempo/);
    await expect(renderSong({ ...ok, key: 12 })).rejects.toThrow(/key/);
    await expect(renderSong({ ...ok, mode: 2 })).rejects.toThrow(/mode/);
    await expect(renderSong({ ...ok, durationSec: 0 })).rejects.toThrow(/durationSec/);
    await expect(renderSong({ ...ok, sampleRate: 4000 })).rejects.toThrow(/sampleRate/);
  });
});

describe('theory', () => {
  it('builds the harmonic-minor dominant as a major chord with the leading tone', () => {
    expect(diatonicChord(4, 0)).toEqual([7, 11, 14]);
    expect(diatonicChord(0, 0)).toEqual([0, 3, 7]);
    expect(diatonicChord(0, 1)).toEqual([0, 4, 7]);
    expect(diatonicChord(5, 1)).toEqual([9, 12, 16]);
  });
  it('names keys', () => {
    expect(keyName(9, 0)).toBe('A minor');
    expect(keyName(6, 1)).toBe('F# major');
    expect(keyName(-1, 1)).toBe('unknown');
  });
});

describe('composeSong options', () => {
  const base = { tempo: 120, key: 9, mode: 0, drums: false, durationSec: 16, seed: 3 };
  it('bassOctave shifts every bass note by whole octaves and leaves the rest unchanged', () => {
    const a = composeSong(base).notes;
    const b = composeSong({ ...base, bassOctave: -1 }).notes;
    expect(b).toHaveLength(a.length);
    a.forEach((n, i) => expect(b[i].midi).toBe(n.part === 'bass' ? n.midi - 12 : n.midi));
  });
  it('dominantSeventh adds the seventh to the V chord only', () => {
    const plain = composeSong({ ...base, chordPattern: 'sustained' }).notes.filter((n) => n.part === 'chords');
    const sev = composeSong({ ...base, chordPattern: 'sustained', dominantSeventh: true }).notes.filter((n) => n.part === 'chords');
    const pcsAt = (notes: typeof plain, t: number) => notes.filter((n) => n.start === t).map((n) => (n.midi - 9 + 120) % 12).sort((x, y) => x - y);
    let sawV = false;
    for (const t of new Set(plain.map((n) => n.start))) {
      const p = pcsAt(plain, t);
      const s = pcsAt(sev, t);
      if (p.includes(11) && p.includes(2) && p.includes(7)) {
        // V of A minor (E G# B) as offsets 7 11 2; its seventh is D (offset 5).
        sawV = true;
        expect(s).toEqual([...p, 5].sort((x, y) => x - y));
      } else expect(s).toEqual(p);
    }
    expect(sawV).toBe(true);
  });
  it("bassPattern 'whole' plays one bass note per bar and leaves the other parts unchanged", () => {
    const a = composeSong(base).notes;
    const w = composeSong({ ...base, bassPattern: 'whole' }).notes;
    const bar = (4 * 60) / base.tempo;
    const bass = w.filter((n) => n.part === 'bass');
    expect(bass).toHaveLength(Math.ceil(base.durationSec / bar));
    bass.forEach((n, i) => expect(n.start).toBeCloseTo(i * bar, 9));
    expect(w.filter((n) => n.part !== 'bass')).toEqual(a.filter((n) => n.part !== 'bass'));
  });
});
