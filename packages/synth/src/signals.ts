/**
 * Test signal generators: drum-like click
 * patterns at a known tempo, additive-synthesis chord progressions in a known
 * key, and a minimal 16-bit WAV writer. Deterministic (seeded noise).
 */
import type { DecodedAudio } from '@audiio-ml/ml-core';
import { seededRandom } from '@audiio-ml/ml-core/internal';


/** Kick on beats 1 and 3, snare on 2 and 4, hi-hat on eighths, at `bpm`. */
export function drumPattern(bpm: number, durationSec: number, sampleRate: number, seed = 1): Float32Array {
  const n = Math.round(durationSec * sampleRate);
  const out = new Float32Array(n);
  const rand = seededRandom(seed);
  const beat = 60 / bpm;
  const add = (t0: number, kind: 'kick' | 'snare' | 'hat') => {
    const s0 = Math.round(t0 * sampleRate);
    const len = Math.round((kind === 'kick' ? 0.25 : kind === 'snare' ? 0.15 : 0.05) * sampleRate);
    let ph = 0;
    for (let i = 0; i < len && s0 + i < n; i++) {
      const t = i / sampleRate;
      let v: number;
      if (kind === 'kick') {
        ph += (2 * Math.PI * (50 + 100 * Math.exp(-t * 30))) / sampleRate;
        v = 0.9 * Math.sin(ph) * Math.exp(-t * 12);
      } else if (kind === 'snare') v = 0.5 * (rand() * 2 - 1) * Math.exp(-t * 25) + 0.3 * Math.sin(2 * Math.PI * 190 * t) * Math.exp(-t * 30);
      else v = 0.15 * (rand() * 2 - 1) * Math.exp(-t * 80);
      out[s0 + i] += v;
    }
  };
  for (let k = 0; k * beat < durationSec; k++) {
    add(k * beat, k % 2 === 0 ? 'kick' : 'snare');
    add(k * beat, 'hat');
    add((k + 0.5) * beat, 'hat');
  }
  return out;
}

const MAJOR = [0, 2, 4, 5, 7, 9, 11];
const HMINOR = [0, 2, 3, 5, 7, 8, 11];

/**
 * A I–IV–V–I (major) or i–iv–V–i (minor, harmonic-minor dominant) progression in
 * `key`, one chord per bar of four beats at `bpm`, each chord re-struck on every
 * beat (additive tones with 1/h partials, bass note an octave down).
 */
export function progression(key: number, mode: number, bpm: number, durationSec: number, sampleRate: number): Float32Array {
  const n = Math.round(durationSec * sampleRate);
  const out = new Float32Array(n);
  const scale = mode === 1 ? MAJOR : HMINOR;
  const degrees = [0, 3, 4, 0];
  const beat = 60 / bpm;
  for (let b = 0; b * beat < durationSec; b++) {
    const deg = degrees[Math.floor(b / 4) % 4];
    const notes = [0, 2, 4].map((i) => {
      const d = deg + i;
      return 60 + key + scale[d % 7] + 12 * Math.floor(d / 7);
    });
    notes.push(notes[0] - 24);
    const s0 = Math.round(b * beat * sampleRate);
    const len = Math.round(beat * sampleRate);
    for (const midi of notes) {
      const f = 440 * 2 ** ((midi - 69) / 12);
      for (let h = 1; h <= 6; h++) {
        if (f * h > sampleRate / 2) break;
        const w = (2 * Math.PI * f * h) / sampleRate;
        for (let i = 0; i < len && s0 + i < n; i++) out[s0 + i] += (0.08 / h) * Math.sin(w * i) * Math.exp(-i / sampleRate / (beat * 0.6));
      }
    }
  }
  return out;
}

/** Wraps channel data as {@link DecodedAudio}. */
export function asDecoded(channels: Float32Array[], sampleRate: number): DecodedAudio {
  return { sampleRate, channels, durationSec: channels[0].length / sampleRate };
}

/** Linear resampling of a test signal to another rate (good enough for test signals). */
export function resampleLinear(x: Float32Array, from: number, to: number): Float32Array {
  const n = Math.floor((x.length * to) / from);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const p = (i * from) / to;
    const j = Math.floor(p);
    const t = p - j;
    out[i] = x[j] * (1 - t) + (x[j + 1] ?? 0) * t;
  }
  return out;
}

/** Minimal 16-bit PCM WAV encoder for decode tests. */
export function wav16(channels: Float32Array[], sampleRate: number): Uint8Array {
  const nCh = channels.length;
  const n = channels[0].length;
  const buf = Buffer.alloc(44 + n * nCh * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + n * nCh * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(nCh, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * nCh * 2, 28);
  buf.writeUInt16LE(nCh * 2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(n * nCh * 2, 40);
  let o = 44;
  for (let i = 0; i < n; i++)
    for (let c = 0; c < nCh; c++) {
      buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(channels[c][i] * 32767))), o);
      o += 2;
    }
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
