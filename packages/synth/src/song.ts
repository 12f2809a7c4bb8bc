/**
 * Renders test and demo songs offline with the Web Audio API
 * (`OfflineAudioContext` from node-web-audio-api): a drum kit, a chord
 * progression that starts on the tonic of the given key, a bass line and a
 * melody, in one of several timbres. Tempo and key are exact by construction,
 * so the result is ground truth for the tempo and key detectors.
 */
import type { AudioNode } from 'node-web-audio-api';
import { AudiioError, type DecodedAudio } from '@audiio-ml/ml-core';
import { OfflineAudioContext } from '@audiio-ml/ml-core/internal';
import { createDrumKit } from './drums.js';
import { createInstrument, TIMBRES, type Timbre } from './instruments.js';
import { composeSong, BASS_PATTERNS, type BassPattern, type ChordPattern, type DrumHit, type PartNote } from './compose.js';

export { CHORD_PATTERNS, BASS_PATTERNS, type ChordPattern, type BassPattern } from './compose.js';

/** Seconds of notes rendered per OfflineAudioContext (keeps render time linear in length). */
const SEGMENT_SEC = 8;
/** Longest ring-out of any note or hit after its start segment, s. */
const TAIL_SEC = 3;

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
  /** Bass register shift in octaves (-1: an octave lower, around E1–D#2); default 0. */
  bassOctave?: number;
  /** Whether the dominant (V) is played as a seventh chord (V7); default false. */
  dominantSeventh?: boolean;
  /** Bass pattern (see {@link BASS_PATTERNS}); default chosen by the seed among halves, quarters and octaves. */
  bassPattern?: BassPattern;
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
  const bo = spec.bassOctave ?? 0;
  if (!Number.isInteger(bo) || bo < -1 || bo > 1) bad(`bassOctave must be -1, 0 or 1, got ${bo}`);
  if (spec.bassPattern !== undefined && !BASS_PATTERNS.includes(spec.bassPattern)) bad(`bassPattern must be one of ${BASS_PATTERNS.join(', ')}, got ${spec.bassPattern}`);
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
  const nOut = Math.min(2, channels);
  const stereo = Array.from({ length: nOut }, () => new Float32Array(length));
  const { notes, hits } = composeSong(spec);
  // Render in segments: every node of an OfflineAudioContext is processed for its
  // whole length, so one context for a long song would cost O(notes × length).
  for (let s0 = 0; s0 < spec.durationSec; s0 += SEGMENT_SEC) {
    const inSeg = (t: number) => t >= s0 && t < s0 + SEGMENT_SEC;
    const segNotes = notes.filter((n) => inSeg(n.start));
    const segHits = hits.filter((h) => inSeg(h.time));
    const from = Math.round(s0 * sampleRate);
    const segLength = Math.min(length - from, Math.round((SEGMENT_SEC + TAIL_SEC) * sampleRate));
    if (segLength <= 0 || (segNotes.length === 0 && segHits.length === 0)) continue;
    const ctx = new OfflineAudioContext({ numberOfChannels: nOut, length: segLength, sampleRate });
    schedule(ctx, ctx.destination, spec, segNotes, segHits, s0);
    const rendered = await ctx.startRendering();
    for (let c = 0; c < nOut; c++) {
      const seg = rendered.getChannelData(c);
      const dst = stereo[c];
      for (let i = 0; i < segLength; i++) dst[from + i] += seg[i];
    }
  }

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

/** Schedules notes and hits (times relative to `t0`) on `ctx`, into `dest`. */
function schedule(
  ctx: InstanceType<typeof OfflineAudioContext>,
  dest: AudioNode,
  spec: SongSpec,
  notes: PartNote[],
  hits: DrumHit[],
  t0: number,
): void {
  const seed = spec.seed ?? 1;
  const bus = (gain: number, pan: number): AudioNode => {
    const g = ctx.createGain();
    g.gain.value = gain;
    const p = ctx.createStereoPanner();
    p.pan.value = pan;
    g.connect(p).connect(dest);
    return g;
  };
  const parts = {
    chords: createInstrument(ctx, bus(0.22, -0.2), spec.timbre, seed),
    lead: createInstrument(ctx, bus(0.3, 0.2), spec.timbre, seed),
    bass: createInstrument(ctx, bus(0.45, 0), 'bass', seed),
  };
  for (const n of notes) parts[n.part].play({ ...n, start: n.start - t0 });
  if (hits.length) {
    const kit = createDrumKit(ctx, bus(0.8, 0), seed);
    for (const h of hits) kit.hit(h.piece, h.time - t0, h.velocity, h.offset);
  }
}
