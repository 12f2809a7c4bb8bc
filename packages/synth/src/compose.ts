/**
 * Composition for the song renderer: turns a song spec into a list of timed
 * note and drum events (every random choice is made here, from the seed), so
 * rendering can be split into segments without changing the result.
 */
import type { DrumPiece } from './drums.js';
import type { NoteEvent } from './instruments.js';
import { createRandom } from './random.js';
import { diatonicChord, MAJOR_PROGRESSIONS, MINOR_PROGRESSIONS, MAJOR_SCALE, NATURAL_MINOR_SCALE } from './theory.js';

/** How the chords are played. */
export const CHORD_PATTERNS = ['sustained', 'halves', 'quarters', 'arpeggio'] as const;
/** One of {@link CHORD_PATTERNS}. */
export type ChordPattern = (typeof CHORD_PATTERNS)[number];

/**
 * How the bass plays: `halves`, `quarters`, `octaves` (root and octave in eighths) or `whole`
 * (one note per bar, so only bar lines carry bass onsets).
 */
export const BASS_PATTERNS = ['halves', 'quarters', 'octaves', 'whole'] as const;
/** One of {@link BASS_PATTERNS}. */
export type BassPattern = (typeof BASS_PATTERNS)[number];

/** A note of one part. */
export interface PartNote extends NoteEvent {
  part: 'chords' | 'lead' | 'bass';
}

/** A drum hit; `offset` (s) picks where in the shared noise buffer the hit reads. */
export interface DrumHit {
  piece: DrumPiece;
  time: number;
  velocity: number;
  offset: number;
}

/** What {@link composeSong} needs of the spec. */
export interface CompositionSpec {
  tempo: number;
  key: number;
  mode: number;
  drums: boolean;
  durationSec: number;
  seed?: number;
  chordPattern?: ChordPattern;
  melody?: boolean;
  bassOctave?: number;
  dominantSeventh?: boolean;
  bassPattern?: BassPattern;
}

/**
 * Composes the song: one chord per 4/4 bar following a progression that starts
 * on the tonic (first downbeat at t = 0), a bass line on the chord roots, a
 * melody of chord tones on beats and scale steps between, and (with `drums`)
 * kick on 1 and 3, snare on 2 and 4, eighth-note hi-hats.
 */
export function composeSong(spec: CompositionSpec): { notes: PartNote[]; hits: DrumHit[] } {
  const random = createRandom(spec.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const beat = 60 / spec.tempo;
  const bar = 4 * beat;
  const nBars = Math.ceil(spec.durationSec / bar);
  const progression = pick(spec.mode === 1 ? MAJOR_PROGRESSIONS : MINOR_PROGRESSIONS);
  const pattern: ChordPattern =
    spec.chordPattern ?? pick(spec.drums ? CHORD_PATTERNS : CHORD_PATTERNS.filter((p) => p !== 'sustained'));
  // Drawn even when given, so the other random choices do not depend on the option.
  const drawnBass = pick(['halves', 'quarters', 'octaves'] as const);
  const bassPattern: BassPattern = spec.bassPattern ?? drawnBass;
  const notes: PartNote[] = [];
  const hits: DrumHit[] = [];
  const play = (part: PartNote['part'], midi: number, start: number, dur: number, velocity: number) =>
    notes.push({ part, midi, start, dur, velocity });

  // Chord tones around C3–C4; bass an octave below; melody above.
  const tonicMidi = 48 + spec.key;
  const scale = spec.mode === 1 ? MAJOR_SCALE : NATURAL_MINOR_SCALE;
  let melodyDegree = 7 + pick([0, 2, 4]);

  for (let b = 0; b < nBars; b++) {
    const t0 = b * bar;
    const degree = progression[b % progression.length];
    const chord = diatonicChord(degree, spec.mode, degree === 4 && (spec.dominantSeventh ?? false)).map(
      (o) => tonicMidi + (o >= 12 ? o - 12 : o),
    );
    const root = chord[0] - 12 + 12 * (spec.bassOctave ?? 0);

    if (pattern === 'arpeggio') {
      const order = [0, 1, 2, 1, 0, 1, 2, 1];
      for (let i = 0; i < 8; i++) play('chords', chord[order[i]] + (i % 4 === 2 ? 12 : 0), t0 + (i * beat) / 2, beat / 2, i % 2 ? 0.7 : 1);
    } else {
      const n = pattern === 'sustained' ? 1 : pattern === 'halves' ? 2 : 4;
      const len = bar / n;
      for (let h = 0; h < n; h++) for (const m of chord) play('chords', m, t0 + h * len, len * 0.95, h === 0 ? 1 : 0.8);
    }

    if (bassPattern === 'halves') for (let h = 0; h < 2; h++) play('bass', root, t0 + h * 2 * beat, 2 * beat * 0.9, 1);
    else if (bassPattern === 'quarters') for (let h = 0; h < 4; h++) play('bass', root, t0 + h * beat, beat * 0.9, h === 0 ? 1 : 0.8);
    else if (bassPattern === 'whole') play('bass', root, t0, bar * 0.95, 1);
    else for (let h = 0; h < 8; h++) play('bass', root + (h % 2 ? 12 : 0), t0 + (h * beat) / 2, (beat / 2) * 0.9, h % 2 ? 0.7 : 1);

    if (spec.melody ?? true) {
      const pcs = chord.map((m) => (m - tonicMidi + 120) % 12);
      for (let step = 0; step < 8; ) {
        const onBeat = step % 2 === 0;
        const len = onBeat && random() < 0.5 ? 2 : 1; // eighths
        const start = t0 + (step * beat) / 2;
        step += len;
        if (random() < 0.12) continue; // a rest
        if (onBeat) {
          // Move to the nearest chord tone at or above.
          for (let d = 0; d < 4; d++) {
            if (pcs.includes((scaleAt(scale, melodyDegree + d) + 120) % 12)) {
              melodyDegree += d;
              break;
            }
          }
        } else melodyDegree += pick([-1, 1, 1, -1, 2, -2]);
        melodyDegree = Math.min(13, Math.max(4, melodyDegree));
        let midi = tonicMidi + 12 + scaleAt(scale, melodyDegree);
        // The leading tone over the dominant in minor.
        if (spec.mode === 0 && degree === 4 && (midi - tonicMidi) % 12 === 10) midi += 1;
        play('lead', midi, start, (len * beat * 0.9) / 2, onBeat ? 0.9 : 0.7);
      }
    }

    if (spec.drums) {
      const extraKick = random() < 0.3;
      const hit = (piece: DrumPiece, time: number, velocity: number) => hits.push({ piece, time, velocity, offset: random() * 0.5 });
      for (let e = 0; e < 8; e++) {
        const t = t0 + (e * beat) / 2;
        if (e === 0 || e === 4 || (extraKick && e === 5)) hit('kick', t, e === 5 ? 0.7 : 1);
        if (e === 2 || e === 6) hit('snare', t, 1);
        hit(e === 7 && b % 4 === 3 ? 'openHat' : 'hat', t, e % 2 ? 0.6 : 0.9);
      }
    }
  }
  return { notes, hits };
}

/** Semitones above the tonic of scale degree `d` (0-based, may exceed an octave). */
function scaleAt(scale: readonly number[], d: number): number {
  return scale[((d % 7) + 7) % 7] + 12 * Math.floor(d / 7);
}
