/**
 * Renders test and demo songs offline with the Web Audio API
 * (`OfflineAudioContext` from node-web-audio-api): a drum kit, a chord
 * progression that starts on the tonic of the given key, a bass line and a
 * melody, in one of several timbres. Tempo and key are exact by construction,
 * so the result is ground truth for the tempo and key detectors.
 */
import { OfflineAudioContext } from 'node-web-audio-api';
import type { BaseAudioContext, AudioNode } from 'node-web-audio-api';
import type { DecodedAudio } from '../audio/types.js';
import { AudiioError } from '../errors.js';
import { createRandom } from './random.js';
import { createDrumKit } from './drums.js';
import { createInstrument, TIMBRES, type Timbre } from './instruments.js';
import { diatonicChord, MAJOR_PROGRESSIONS, MINOR_PROGRESSIONS, MAJOR_SCALE, NATURAL_MINOR_SCALE } from './theory.js';

/** How the chords are played. */
export const CHORD_PATTERNS = ['sustained', 'halves', 'quarters', 'arpeggio'] as const;
/** One of {@link CHORD_PATTERNS}. */
export type ChordPattern = (typeof CHORD_PATTERNS)[number];

/** What to render (see {@link renderSong}). */
export interface SongSpec {
  /** Beats (quarter notes) per minute, 30–300. */
  tempo: number;
  /** Tonic pitch class, 0 = C … 11 = B. */
  key: number;
  /** 1 = major, 0 = minor (harmonic-minor dominant). */
  mode: number;
  /** Whether a drum kit plays (kick on 1 and 3, snare on 2 and 4, eighth-note hi-hats). */
  drums: boolean;
  /** Timbre of chords and melody. */
  timbre: Timbre;
  /** Length in seconds, > 0. */
  durationSec: number;
  /** Output sample rate, Hz (8000–192000); default 44100. */
  sampleRate?: number;
  /** Output channels, 1–8; default 2. Channels beyond two repeat left/right at -3 dB. */
  channels?: number;
  /** Seed of every random choice (progression, patterns, melody, noise); default 1. */
  seed?: number;
  /** Chord pattern; default chosen by the seed (never `sustained` without drums, so the pulse stays audible). */
  chordPattern?: ChordPattern;
  /** Whether a melody plays; default true. */
  melody?: boolean;
  /** Gain in dB after levelling (RMS -16 dBFS, peaks at most -1 dBFS); default 0. */
  gainDb?: number;
}

function check(spec: SongSpec): void {
  const bad = (what: string) => {
    throw new AudiioError('BAD_ARGUMENT', `renderSong: ${what}`);
  };
  if (!(spec.tempo >= 30 && spec.tempo <= 300)) bad(`tempo must be 30–300 BPM, got ${spec.tempo}`);
  if (!Number.isInteger(spec.key) || spec.key < 0 || spec.key > 11) bad(`key must be an integer 0–11, got ${spec.key}`);
  if (spec.mode !== 0 && spec.mode !== 1) bad(`mode must be 0 (minor) or 1 (major), got ${spec.mode}`);
  if (!TIMBRES.includes(spec.timbre)) bad(`timbre must be one of ${TIMBRES.join(', ')}, got ${spec.timbre}`);
  if (!(spec.durationSec > 0 && spec.durationSec <= 3600)) bad(`durationSec must be in (0, 3600], got ${spec.durationSec}`);
  const sr = spec.sampleRate ?? 44100;
  if (!(sr >= 8000 && sr <= 192000)) bad(`sampleRate must be 8000–192000 Hz, got ${sr}`);
  const ch = spec.channels ?? 2;
  if (!Number.isInteger(ch) || ch < 1 || ch > 8) bad(`channels must be 1–8, got ${ch}`);
}

/**
 * Renders a song offline. Deterministic for a given spec (including `seed`).
 * The first downbeat is at t = 0; one chord per bar of four beats.
 *
 * @throws AudiioError `BAD_ARGUMENT` for an out-of-range spec.
 */
export async function renderSong(spec: SongSpec): Promise<DecodedAudio> {
  check(spec);
  const sampleRate = spec.sampleRate ?? 44100;
  const channels = spec.channels ?? 2;
  const length = Math.max(1, Math.round(spec.durationSec * sampleRate));
  const ctx = new OfflineAudioContext({ numberOfChannels: Math.min(2, channels), length, sampleRate });
  schedule(ctx, ctx.destination, spec);
  const rendered = await ctx.startRendering();
  const stereo: Float32Array[] = [];
  for (let c = 0; c < rendered.numberOfChannels; c++) stereo.push(new Float32Array(rendered.getChannelData(c)));

  // Level: RMS to -16 dBFS, but never a peak above -1 dBFS; then `gainDb`.
  let peak = 0;
  let sum = 0;
  let n = 0;
  for (const ch of stereo) {
    for (let i = 0; i < ch.length; i++) {
      peak = Math.max(peak, Math.abs(ch[i]));
      sum += ch[i] * ch[i];
    }
    n += ch.length;
  }
  const rms = Math.sqrt(sum / Math.max(1, n));
  const scale = peak > 0 ? Math.min(0.158 / rms, 0.891 / peak) * 10 ** ((spec.gainDb ?? 0) / 20) : 0;
  for (const ch of stereo) for (let i = 0; i < ch.length; i++) ch[i] *= scale;

  const out: Float32Array[] = [];
  for (let c = 0; c < channels; c++) {
    if (c < stereo.length) out.push(stereo[c]);
    else {
      const src = stereo[c % stereo.length];
      const copy = new Float32Array(src.length);
      for (let i = 0; i < src.length; i++) copy[i] = src[i] * Math.SQRT1_2;
      out.push(copy);
    }
  }
  return { sampleRate, channels: out, durationSec: length / sampleRate };
}

/** Schedules every note of the song on `ctx`, into `dest`. */
function schedule(ctx: BaseAudioContext, dest: AudioNode, spec: SongSpec): void {
  const random = createRandom(spec.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const beat = 60 / spec.tempo;
  const bar = 4 * beat;
  const nBars = Math.ceil(spec.durationSec / bar);
  const progression = pick(spec.mode === 1 ? MAJOR_PROGRESSIONS : MINOR_PROGRESSIONS);
  const pattern: ChordPattern =
    spec.chordPattern ?? pick(spec.drums ? CHORD_PATTERNS : CHORD_PATTERNS.filter((p) => p !== 'sustained'));
  const bassPattern = pick(['halves', 'quarters', 'octaves'] as const);

  const bus = (gain: number, pan: number): AudioNode => {
    const g = ctx.createGain();
    g.gain.value = gain;
    const p = ctx.createStereoPanner();
    p.pan.value = pan;
    g.connect(p).connect(dest);
    return g;
  };
  const chords = createInstrument(ctx, bus(0.22, -0.2), spec.timbre, random);
  const lead = createInstrument(ctx, bus(0.3, 0.2), spec.timbre, random);
  const bass = createInstrument(ctx, bus(0.45, 0), 'bass', random);
  const kit = spec.drums ? createDrumKit(ctx, bus(0.8, 0), random) : undefined;

  // Chord tones around C3–C5; bass an octave or two below.
  const tonicMidi = 48 + spec.key;
  const scale = spec.mode === 1 ? MAJOR_SCALE : NATURAL_MINOR_SCALE;
  let melodyDegree = 7 + pick([0, 2, 4]);

  for (let b = 0; b < nBars; b++) {
    const t0 = b * bar;
    const degree = progression[b % progression.length];
    const chord = diatonicChord(degree, spec.mode).map((o) => tonicMidi + (o >= 12 ? o - 12 : o));
    const root = tonicMidi - 12 + (chord[0] - tonicMidi);

    // Chords.
    const chordNote = (midi: number, start: number, dur: number, v: number) =>
      chords.play({ midi, start, dur, velocity: v });
    if (pattern === 'arpeggio') {
      const order = [0, 1, 2, 1, 0, 1, 2, 1];
      for (let i = 0; i < 8; i++) chordNote(chord[order[i]] + (i % 4 === 2 ? 12 : 0), t0 + (i * beat) / 2, beat / 2, i % 2 ? 0.7 : 1);
    } else {
      const hits = pattern === 'sustained' ? 1 : pattern === 'halves' ? 2 : 4;
      const len = bar / hits;
      for (let h = 0; h < hits; h++) for (const m of chord) chordNote(m, t0 + h * len, len * 0.95, h === 0 ? 1 : 0.8);
    }

    // Bass.
    if (bassPattern === 'halves') for (let h = 0; h < 2; h++) bass.play({ midi: root, start: t0 + h * 2 * beat, dur: 2 * beat * 0.9, velocity: 1 });
    else if (bassPattern === 'quarters') for (let h = 0; h < 4; h++) bass.play({ midi: root, start: t0 + h * beat, dur: beat * 0.9, velocity: h === 0 ? 1 : 0.8 });
    else for (let h = 0; h < 8; h++) bass.play({ midi: root + (h % 2 ? 12 : 0), start: t0 + (h * beat) / 2, dur: (beat / 2) * 0.9, velocity: h % 2 ? 0.7 : 1 });

    // Melody: chord tones on strong beats, stepwise motion in the scale between them.
    if (spec.melody ?? true) {
      let t = t0;
      while (t < t0 + bar - 1e-9) {
        const onBeat = Math.abs((t - t0) / beat - Math.round((t - t0) / beat)) < 1e-6;
        const dur = onBeat && random() < 0.5 ? beat : beat / 2;
        if (random() < 0.12) {
          t += dur;
          continue;
        }
        if (onBeat) {
          // Snap to the nearest chord tone.
          const pcs = chord.map((m) => (m - tonicMidi + 120) % 12);
          for (let d = 0; d < 4; d++) {
            const pc = (scaleAt(scale, melodyDegree + d) + 120) % 12;
            if (pcs.includes(pc)) {
              melodyDegree += d;
              break;
            }
          }
        } else melodyDegree += pick([-1, 1, 1, -1, 2, -2]);
        melodyDegree = Math.min(13, Math.max(4, melodyDegree));
        // The leading tone over the dominant in minor.
        let midi = tonicMidi + 12 + scaleAt(scale, melodyDegree) - 12;
        if (spec.mode === 0 && degree === 4 && (midi - tonicMidi + 120) % 12 === 10) midi += 1;
        lead.play({ midi: midi + 12, start: t, dur: dur * 0.9, velocity: onBeat ? 0.9 : 0.7 });
        t += dur;
      }
    }

    // Drums: kick on 1 and 3 (and sometimes the "and" of 3), snare on 2 and 4, eighth hats.
    if (kit) {
      const extraKick = random() < 0.3;
      for (let e = 0; e < 8; e++) {
        const t = t0 + (e * beat) / 2;
        if (e === 0 || e === 4 || (extraKick && e === 5)) kit.hit('kick', t, e === 5 ? 0.7 : 1);
        if (e === 2 || e === 6) kit.hit('snare', t, 1);
        kit.hit(e === 7 && b % 4 === 3 ? 'openHat' : 'hat', t, e % 2 ? 0.6 : 0.9);
      }
    }
  }
}

/** Semitones above the tonic of scale degree `d` (0-based, may exceed an octave). */
function scaleAt(scale: readonly number[], d: number): number {
  return scale[((d % 7) + 7) % 7] + 12 * Math.floor(d / 7);
}
