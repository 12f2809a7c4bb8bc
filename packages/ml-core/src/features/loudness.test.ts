import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { integratedLoudness, LOUDNESS_FLOOR_LUFS } from './loudness.js';
import type { DecodedAudio } from '../audio/types.js';
import { seededRandom } from '../random.js';

/** A sine of `dbfs` peak level (dB re full scale) for `sec` seconds. */
function sine(freq: number, dbfs: number, sec: number, sr: number): Float32Array {
  const a = Math.pow(10, dbfs / 20);
  const x = new Float32Array(Math.round(sec * sr));
  for (let i = 0; i < x.length; i++) x[i] = a * Math.sin((2 * Math.PI * freq * i) / sr);
  return x;
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function audio(channels: Float32Array[], sampleRate: number): DecodedAudio {
  return { sampleRate, channels, durationSec: channels[0].length / sampleRate };
}


/** Music-ish test programme: varying-level tones over filtered noise with quiet passages. */
function programme(sr: number, sec: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  const x = new Float32Array(Math.round(sec * sr));
  let lp = 0;
  for (let i = 0; i < x.length; i++) {
    const t = i / sr;
    const env = 0.05 + 0.45 * Math.abs(Math.sin(0.3 * t + seed)) * (t % 7 < 5 ? 1 : 0.05);
    lp += 0.1 * (r() * 2 - 1 - lp);
    x[i] = env * (0.5 * Math.sin(2 * Math.PI * (110 + 30 * seed) * t) + 0.3 * Math.sin(2 * Math.PI * 3520 * t) + lp);
  }
  return x;
}

describe('integratedLoudness (ITU-R BS.1770-4, EBU Tech 3341 test signals)', () => {
  it('1 kHz sine at -23 dBFS in both stereo channels reads -23.0 LUFS at 48 kHz', () => {
    const s = sine(1000, -23, 20, 48000);
    expect(integratedLoudness(audio([s, s], 48000))).toBeCloseTo(-23, 1);
  });

  it('1 kHz sine at -33 dBFS stereo reads -33.0 LUFS (Tech 3341 case 2)', () => {
    const s = sine(1000, -33, 20, 48000);
    expect(integratedLoudness(audio([s, s], 48000))).toBeCloseTo(-33, 1);
  });

  it('relative gate: -36/-23/-36 dBFS for 10/60/10 s reads -23.0 (case 3)', () => {
    const sr = 48000;
    const s = concat([sine(1000, -36, 10, sr), sine(1000, -23, 60, sr), sine(1000, -36, 10, sr)]);
    expect(Math.abs(integratedLoudness(audio([s, s], sr)) + 23)).toBeLessThan(0.1);
  });

  it('absolute and relative gates: -72/-36/-23/-36/-72 dBFS reads -23.0 (case 4)', () => {
    const sr = 48000;
    const s = concat([
      sine(1000, -72, 10, sr),
      sine(1000, -36, 10, sr),
      sine(1000, -23, 60, sr),
      sine(1000, -36, 10, sr),
      sine(1000, -72, 10, sr),
    ]);
    expect(Math.abs(integratedLoudness(audio([s, s], sr)) + 23)).toBeLessThan(0.1);
  });

  it('-26/-20/-26 dBFS for 20/20.1/20 s reads -23.0 (case 5)', () => {
    const sr = 48000;
    const s = concat([sine(1000, -26, 20, sr), sine(1000, -20, 20.1, sr), sine(1000, -26, 20, sr)]);
    expect(Math.abs(integratedLoudness(audio([s, s], sr)) + 23)).toBeLessThan(0.1);
  });

  it('K-weighting derived for other sample rates gives the same reading', () => {
    for (const sr of [8000, 22050, 44100, 96000, 192000]) {
      const s = sine(1000, -23, 5, sr);
      expect(Math.abs(integratedLoudness(audio([s, s], sr)) + 23)).toBeLessThan(0.1);
    }
  });

  it('weights channels: mono is one channel (-3 LU), 5.1 surrounds +1.5 dB, LFE ignored', () => {
    const sr = 48000;
    const s = sine(1000, -23, 5, sr);
    const z = new Float32Array(s.length);
    expect(integratedLoudness(audio([s], sr))).toBeCloseTo(-26, 1);
    expect(integratedLoudness(audio([z, z, z, z, s, z], sr))).toBeCloseTo(-26 + 10 * Math.log10(1.41), 1);
    expect(integratedLoudness(audio([z, z, z, s, z, z], sr))).toBe(LOUDNESS_FLOOR_LUFS);
    expect(integratedLoudness(audio([z, z, s, z, z, z], sr))).toBeCloseTo(-26, 1);
  });

  it('K-weighting shapes the spectrum: +4 dB shelf at 10 kHz, strong cut at 20 Hz', () => {
    const sr = 48000;
    const hi = sine(10000, -23, 5, sr);
    const lo = sine(20, -23, 5, sr);
    expect(integratedLoudness(audio([hi, hi], sr)) + 23).toBeGreaterThan(3.3);
    expect(integratedLoudness(audio([lo, lo], sr)) + 23).toBeLessThan(-10);
  });

  it('silence, empty and all-below-gate input return the documented floor', () => {
    expect(integratedLoudness(audio([new Float32Array(48000)], 48000))).toBe(LOUDNESS_FLOOR_LUFS);
    expect(integratedLoudness({ sampleRate: 48000, channels: [new Float32Array(0)], durationSec: 0 })).toBe(
      LOUDNESS_FLOOR_LUFS,
    );
    expect(integratedLoudness({ sampleRate: 48000, channels: [], durationSec: 0 })).toBe(LOUDNESS_FLOOR_LUFS);
    const faint = sine(1000, -80, 3, 48000);
    expect(integratedLoudness(audio([faint, faint], 48000))).toBe(LOUDNESS_FLOOR_LUFS);
  });

  it('a clip shorter than one 400 ms block is measured as one block', () => {
    const s = sine(1000, -23, 0.3, 44100);
    expect(Math.abs(integratedLoudness(audio([s, s], 44100)) + 23)).toBeLessThan(0.15);
  });

  it('non-finite samples count as silence instead of poisoning the result', () => {
    const s = sine(1000, -23, 5, 48000);
    s[100] = NaN;
    s[200] = Infinity;
    const v = integratedLoudness(audio([s, s], 48000));
    expect(Number.isFinite(v)).toBe(true);
    expect(Math.abs(v + 23)).toBeLessThan(0.1);
  });
});

const ffmpeg = spawnSync('ffmpeg', ['-version']).status === 0;

/** Integrated loudness by ffmpeg's ebur128 filter on raw float PCM. */
function ffmpegLoudness(channels: Float32Array[], sr: number): number {
  const n = channels[0].length;
  const inter = new Float32Array(n * channels.length);
  for (let i = 0; i < n; i++) for (let c = 0; c < channels.length; c++) inter[i * channels.length + c] = channels[c][i];
  const layout = ({ 1: 'mono', 2: 'stereo', 6: '5.1' } as Record<number, string>)[channels.length];
  const res = spawnSync(
    'ffmpeg',
    ['-nostats', '-hide_banner', '-f', 'f32le', '-ar', String(sr), '-ch_layout', layout, '-i', 'pipe:0', '-af', 'ebur128', '-f', 'null', '-'],
    { input: Buffer.from(inter.buffer), maxBuffer: 64 << 20 },
  );
  const m = /Integrated loudness:\s*I:\s*(-?[\d.]+|-inf)\s*LUFS/.exec(res.stderr.toString());
  if (!m) throw new Error(`ffmpeg ebur128 gave no integrated loudness: ${res.stderr.toString().slice(-400)}`);
  return Number(m[1]);
}

describe.skipIf(!ffmpeg)('integratedLoudness against ffmpeg ebur128 (skipped when ffmpeg is not on PATH)', () => {
  const cases: [string, number, number][] = [
    ['mono 22.05 kHz', 22050, 1],
    ['stereo 44.1 kHz', 44100, 2],
    ['stereo 48 kHz', 48000, 2],
    ['5.1 48 kHz', 48000, 6],
    ['stereo 8 kHz', 8000, 2],
  ];
  it.each(cases)('%s programme within 0.5 LU', (_name, sr, nCh) => {
    const chans = Array.from({ length: nCh }, (_, c) => programme(sr, 12, c + 1));
    const ours = integratedLoudness(audio(chans, sr));
    const theirs = ffmpegLoudness(chans, sr);
    expect(Math.abs(ours - theirs)).toBeLessThan(0.5);
  });
});
