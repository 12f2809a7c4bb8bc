/**
 * Synthesised instruments for the offline song renderer, built from Web Audio
 * API nodes (oscillators, biquad filters, gain envelopes) and, for the plucked
 * string, a Karplus–Strong buffer (Karplus & Strong 1983, "Digital synthesis
 * of plucked-string and drum timbres").
 */
import type { BaseAudioContext, AudioNode, AudioBuffer, PeriodicWave } from 'node-web-audio-api';
import { midiToHz } from './theory.js';
import { createRandom, whiteNoise } from './random.js';

/** The timbres {@link renderSong} can play chords and melody with. */
export const TIMBRES = ['piano', 'pad', 'organ', 'pluck', 'brass'] as const;
/** One of {@link TIMBRES}. */
export type Timbre = (typeof TIMBRES)[number];

/** One note to play: MIDI pitch, start and length in seconds, velocity 0–1. */
export interface NoteEvent {
  midi: number;
  start: number;
  dur: number;
  velocity: number;
}

/** Plays notes of one instrument into `out`; holds per-render caches (no global state). */
export interface Instrument {
  play(note: NoteEvent): void;
}

/** Lower than Nyquist so filters stay stable at 8 kHz rendering. */
function clampHz(ctx: BaseAudioContext, hz: number): number {
  return Math.min(hz, ctx.sampleRate * 0.45);
}

/**
 * An attack–decay–sustain–release envelope as two gain nodes (envelope, then
 * gate): `input` → … → `output`. Two nodes keep each AudioParam's automation a
 * plain sequence (node-web-audio-api 1.0.9 jumps when `setTargetAtTime`
 * follows another event at an earlier time unless a `setValueAtTime` at its own start time precedes it).
 */
function envelope(
  ctx: BaseAudioContext,
  start: number,
  dur: number,
  e: { attack: number; peak: number; decay?: number; sustain?: number; release: number },
): { input: AudioNode; output: AudioNode } {
  const env = ctx.createGain();
  env.gain.setValueAtTime(0, start);
  env.gain.linearRampToValueAtTime(e.peak, start + e.attack);
  env.gain.setValueAtTime(e.peak, start + e.attack);
  if (e.decay !== undefined) env.gain.setTargetAtTime(e.peak * (e.sustain ?? 0), start + e.attack, e.decay);
  const gate = ctx.createGain();
  gate.gain.setValueAtTime(1, start);
  gate.gain.setValueAtTime(1, start + dur);
  gate.gain.setTargetAtTime(0, start + dur, e.release / 4);
  env.connect(gate);
  return { input: env, output: gate };
}

function harmonicWave(ctx: BaseAudioContext, amps: number[]): PeriodicWave {
  const real = new Float32Array(amps.length + 1);
  const imag = new Float32Array(amps.length + 1);
  amps.forEach((a, i) => (imag[i + 1] = a));
  return ctx.createPeriodicWave(real, imag);
}

/**
 * Creates the instrument of a timbre writing into `out`. `seed` fixes the
 * plucked-string excitation (per pitch, so any segment of a song renders alike).
 */
export function createInstrument(ctx: BaseAudioContext, out: AudioNode, timbre: Timbre | 'bass', seed: number): Instrument {
  switch (timbre) {
    case 'piano': {
      const wave = harmonicWave(ctx, [1, 0.55, 0.3, 0.18, 0.1, 0.06, 0.035, 0.02]);
      return {
        play({ midi, start, dur, velocity }) {
          const f = midiToHz(midi);
          const o = ctx.createOscillator();
          o.setPeriodicWave(wave);
          o.frequency.value = f;
          const lp = ctx.createBiquadFilter();
          lp.type = 'lowpass';
          lp.frequency.setValueAtTime(clampHz(ctx, f * 10), start);
          lp.frequency.exponentialRampToValueAtTime(clampHz(ctx, f * 2.5), start + 0.6);
          const decay = Math.max(0.4, 2.2 - (midi - 48) * 0.03);
          const g = envelope(ctx, start, dur, { attack: 0.004, peak: velocity, decay: decay / 4, release: 0.2 });
          o.connect(lp).connect(g.input);
          g.output.connect(out);
          o.start(start);
          o.stop(start + dur + 0.4);
        },
      };
    }
    case 'pad':
      return {
        play({ midi, start, dur, velocity }) {
          const f = midiToHz(midi);
          const lp = ctx.createBiquadFilter();
          lp.type = 'lowpass';
          lp.frequency.value = clampHz(ctx, Math.min(1800, f * 6));
          const g = envelope(ctx, start, dur, { attack: Math.min(0.3, dur / 3), peak: velocity * 0.6, release: 0.5 });
          lp.connect(g.input);
          g.output.connect(out);
          for (const cents of [-8, 8]) {
            const o = ctx.createOscillator();
            o.type = 'sawtooth';
            o.frequency.value = f;
            o.detune.value = cents;
            o.connect(lp);
            o.start(start);
            o.stop(start + dur + 0.6);
          }
        },
      };
    case 'organ': {
      // Drawbars 16' 8' 5⅓' 4' … as harmonics 1, 2, 3, 4, 6, 8 of the sub-octave.
      const wave = harmonicWave(ctx, [0.5, 1, 0.6, 0.5, 0, 0.3, 0, 0.25]);
      return {
        play({ midi, start, dur, velocity }) {
          const o = ctx.createOscillator();
          o.setPeriodicWave(wave);
          o.frequency.value = midiToHz(midi) / 2;
          const g = ctx.createGain();
          g.gain.setValueAtTime(0, start);
          g.gain.linearRampToValueAtTime(velocity * 0.5, start + 0.008);
          g.gain.setValueAtTime(velocity * 0.5, start + dur);
          g.gain.linearRampToValueAtTime(0, start + dur + 0.03);
          o.connect(g).connect(out);
          o.start(start);
          o.stop(start + dur + 0.05);
        },
      };
    }
    case 'pluck': {
      const cache = new Map<number, AudioBuffer>();
      const buffer = (midi: number): AudioBuffer => {
        let b = cache.get(midi);
        if (!b) {
          b = karplusStrong(ctx, midiToHz(midi), 2, createRandom(seed * 131 + midi));
          cache.set(midi, b);
        }
        return b;
      };
      return {
        play({ midi, start, dur, velocity }) {
          const src = ctx.createBufferSource();
          src.buffer = buffer(midi);
          const g = ctx.createGain();
          g.gain.setValueAtTime(velocity, start);
          g.gain.setValueAtTime(velocity, start + dur);
          g.gain.setTargetAtTime(0, start + dur, 0.06);
          src.connect(g).connect(out);
          src.start(start);
          src.stop(start + Math.min(2, dur + 0.4));
        },
      };
    }
    case 'brass':
      return {
        play({ midi, start, dur, velocity }) {
          const f = midiToHz(midi);
          const o = ctx.createOscillator();
          o.type = 'sawtooth';
          o.frequency.value = f;
          const vib = ctx.createOscillator();
          vib.frequency.value = 5.2;
          const vibDepth = ctx.createGain();
          vibDepth.gain.value = 9; // cents
          vib.connect(vibDepth).connect(o.detune);
          const lp = ctx.createBiquadFilter();
          lp.type = 'lowpass';
          lp.Q.value = 2;
          lp.frequency.setValueAtTime(clampHz(ctx, f), start);
          lp.frequency.linearRampToValueAtTime(clampHz(ctx, f * 7), start + 0.07);
          lp.frequency.linearRampToValueAtTime(clampHz(ctx, f * 4), start + 0.25);
          const g = envelope(ctx, start, dur, { attack: 0.05, peak: velocity * 0.55, release: 0.16 });
          o.connect(lp).connect(g.input);
          g.output.connect(out);
          for (const n of [o, vib]) {
            n.start(start);
            n.stop(start + dur + 0.3);
          }
        },
      };
    case 'bass':
      return {
        play({ midi, start, dur, velocity }) {
          const f = midiToHz(midi);
          const o = ctx.createOscillator();
          o.type = 'sawtooth';
          o.frequency.value = f;
          const lp = ctx.createBiquadFilter();
          lp.type = 'lowpass';
          lp.frequency.setValueAtTime(clampHz(ctx, f * 6), start);
          lp.frequency.exponentialRampToValueAtTime(clampHz(ctx, f * 2), start + 0.2);
          const sub = ctx.createOscillator();
          sub.frequency.value = f;
          const g = envelope(ctx, start, dur * 0.9, { attack: 0.01, peak: velocity, decay: 0.15, sustain: 0.6, release: 0.12 });
          o.connect(lp).connect(g.input);
          sub.connect(g.input);
          g.output.connect(out);
          for (const n of [o, sub]) {
            n.start(start);
            n.stop(start + dur + 0.2);
          }
        },
      };
  }
}

/**
 * A Karplus–Strong plucked string at `hz`: a noise burst fed back through a
 * delay of one period and a two-point average (low-pass), `seconds` long.
 */
function karplusStrong(ctx: BaseAudioContext, hz: number, seconds: number, random: () => number): AudioBuffer {
  const sr = ctx.sampleRate;
  const n = Math.max(2, Math.round(sr / hz));
  const len = Math.round(seconds * sr);
  const y = new Float32Array(len);
  // Excitation: low-passed noise without DC (a softer pick than raw noise).
  const burst = whiteNoise(n, random);
  let lp = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += (burst[i] = lp = 0.5 * lp + 0.5 * burst[i]) / n;
  for (let i = 0; i < n && i < len; i++) y[i] = burst[i] - mean;
  // Loss per period chosen so the string takes about 3 s to fall 60 dB, whatever the pitch.
  const loss = Math.exp(Math.log(0.001) / (3 * hz));
  for (let i = n; i < len; i++) y[i] = loss * 0.5 * (y[i - n] + y[i - n - 1 >= 0 ? i - n - 1 : i - n]);
  const b = ctx.createBuffer(1, len, sr);
  b.copyToChannel(y, 0);
  return b;
}
