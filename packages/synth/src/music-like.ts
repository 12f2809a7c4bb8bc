/**
 * Test signals for the perceptual-feature tests: a music-like chord/melody clip with optional
 * drums, rendered by direct synthesis (no Web Audio, fast), noise and sines.
 */
import type { DecodedAudio } from '@audiio-ml/ml-core';
import { createRandom } from './random.js';

/** Mono {@link DecodedAudio} at `sampleRate`. */
export function monoAudio(x: Float32Array, sampleRate = 22050): DecodedAudio {
  return { sampleRate, channels: [x], durationSec: x.length / sampleRate };
}

/**
 * Music-like clip: I–vi–IV–V chords of harmonic tones (one per bar), a melody on eighth notes,
 * (optional) and kick/snare/hat drums (optional), at `bpm`; peak about -3 dBFS.
 */
export function musicLike(sec: number, bpm: number, drums: boolean, seed = 1, sampleRate = 22050, melody = true): Float32Array {
  const rnd = createRandom(seed);
  const n = Math.round(sec * sampleRate);
  const x = new Float32Array(n);
  const beat = (60 / bpm) * sampleRate;
  const roots = [60, 57, 53, 55];
  const hz = (m: number) => 440 * Math.pow(2, (m - 69) / 12);
  const scale = [0, 2, 4, 5, 7, 9, 11];
  let melNote = 72;
  for (let i = 0; i < n; i++) {
    const bar = Math.floor(i / (4 * beat));
    const r = roots[bar % 4];
    const t = i / sampleRate;
    let v = 0;
    for (const iv of [0, 4, 7]) {
      const f = hz(r + iv - 12);
      v += 0.12 * (Math.sin(2 * Math.PI * f * t) + 0.4 * Math.sin(4 * Math.PI * f * t) + 0.2 * Math.sin(6 * Math.PI * f * t));
    }
    const eighth = Math.floor(i / (beat / 2));
    if (i % Math.round(beat / 2) === 0) melNote = 72 + scale[Math.floor(rnd() * 7)];
    const u = (i % (beat / 2)) / (beat / 2);
    const fm = hz(melNote);
    if (melody) v += 0.15 * Math.exp(-u * 2) * (Math.sin(2 * Math.PI * fm * t) + 0.3 * Math.sin(4 * Math.PI * fm * t));
    if (drums) {
      const tb = (i % (beat / 2)) / sampleRate;
      const q = eighth % 4;
      v += 0.1 * (rnd() * 2 - 1) * Math.exp(-tb * 80);
      if (q === 0) v += 0.6 * Math.sin(2 * Math.PI * (50 + 90 * Math.exp(-tb * 30)) * tb) * Math.exp(-tb * 15);
      if (q === 2) v += 0.35 * (rnd() * 2 - 1) * Math.exp(-tb * 20);
    }
    x[i] = v;
  }
  let peak = 0;
  for (const s of x) peak = Math.max(peak, Math.abs(s));
  if (peak > 0) for (let i = 0; i < n; i++) x[i] *= 0.7 / peak;
  return x;
}

/** White noise at `amp` peak, seeded. */
export function noise(sec: number, amp: number, seed = 7, sampleRate = 22050): Float32Array {
  const rnd = createRandom(seed);
  return Float32Array.from({ length: Math.round(sec * sampleRate) }, () => amp * (rnd() * 2 - 1));
}

/** A sine of `freq` Hz at `amp` peak. */
export function sine(sec: number, freq: number, amp: number, sampleRate = 22050): Float32Array {
  return Float32Array.from({ length: Math.round(sec * sampleRate) }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / sampleRate));
}
