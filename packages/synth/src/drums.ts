/**
 * A synthesised drum kit for the offline song renderer: kick (pitch-swept
 * sine), snare (band-passed noise plus a tonal body) and hi-hat (high-passed
 * noise), after the classic analogue drum-machine recipes (e.g. Roland TR-808
 * circuits as described by Werner, Abel & Smith, DAFx 2014).
 */
import type { BaseAudioContext, AudioNode, AudioBuffer } from 'node-web-audio-api';
import { createRandom, whiteNoise } from './random.js';

/** The pieces of the kit. */
export type DrumPiece = 'kick' | 'snare' | 'hat' | 'openHat';

/** Plays drum hits into `out`. */
export interface DrumKit {
  /** One hit at `time` (s), `velocity` 0–1, reading the noise buffer from `offset` (0–0.5 s). */
  hit(piece: DrumPiece, time: number, velocity: number, offset: number): void;
}

/** Creates a drum kit writing into `out`; `seed` fixes its noise (one second, shared by every hit). */
export function createDrumKit(ctx: BaseAudioContext, out: AudioNode, seed: number): DrumKit {
  const sr = ctx.sampleRate;
  const noise: AudioBuffer = ctx.createBuffer(1, sr, sr);
  noise.copyToChannel(whiteNoise(sr, createRandom(seed)), 0);
  const nyq = sr * 0.45;

  const noiseBurst = (time: number, offset: number, dur: number): AudioNode => {
    const src = ctx.createBufferSource();
    src.buffer = noise;
    src.start(time, offset);
    src.stop(time + dur);
    return src;
  };

  return {
    hit(piece, time, velocity, offset) {
      switch (piece) {
        case 'kick': {
          const o = ctx.createOscillator();
          o.frequency.setValueAtTime(150, time);
          o.frequency.exponentialRampToValueAtTime(48, time + 0.12);
          const g = ctx.createGain();
          g.gain.setValueAtTime(0, time);
          g.gain.linearRampToValueAtTime(velocity, time + 0.002);
          g.gain.exponentialRampToValueAtTime(0.001, time + 0.4);
          o.connect(g).connect(out);
          o.start(time);
          o.stop(time + 0.42);
          // Beater click.
          const click = ctx.createGain();
          click.gain.setValueAtTime(velocity * 0.3, time);
          click.gain.exponentialRampToValueAtTime(0.001, time + 0.008);
          noiseBurst(time, offset, 0.01).connect(click).connect(out);
          break;
        }
        case 'snare': {
          const bp = ctx.createBiquadFilter();
          bp.type = 'highpass';
          bp.frequency.value = Math.min(1500, nyq);
          const g = ctx.createGain();
          g.gain.setValueAtTime(velocity * 0.7, time);
          g.gain.exponentialRampToValueAtTime(0.001, time + 0.2);
          noiseBurst(time, offset, 0.22).connect(bp).connect(g).connect(out);
          const body = ctx.createOscillator();
          body.type = 'triangle';
          body.frequency.setValueAtTime(190, time);
          body.frequency.exponentialRampToValueAtTime(160, time + 0.08);
          const bg = ctx.createGain();
          bg.gain.setValueAtTime(velocity * 0.6, time);
          bg.gain.exponentialRampToValueAtTime(0.001, time + 0.1);
          body.connect(bg).connect(out);
          body.start(time);
          body.stop(time + 0.12);
          break;
        }
        case 'hat':
        case 'openHat': {
          const len = piece === 'hat' ? 0.05 : 0.25;
          const hp = ctx.createBiquadFilter();
          hp.type = 'highpass';
          hp.frequency.value = Math.min(7000, nyq * 0.8);
          const g = ctx.createGain();
          g.gain.setValueAtTime(velocity * 0.35, time);
          g.gain.exponentialRampToValueAtTime(0.001, time + len);
          noiseBurst(time, offset, len + 0.01).connect(hp).connect(g).connect(out);
          break;
        }
      }
    },
  };
}
