/**
 * Small music-theory tables used by the song renderer: scales, diatonic
 * chords and progressions. Pitch classes are 0 = C … 11 = B (names: `keyName` in
 * @audiio-ml/ml-core).
 */

/** Semitone offsets of the major scale. */
export const MAJOR_SCALE = [0, 2, 4, 5, 7, 9, 11] as const;
/**
 * Semitone offsets of the harmonic minor scale (raised 7th), so the dominant
 * (V) is a major chord with a leading tone, as common-practice minor does.
 */
export const HARMONIC_MINOR_SCALE = [0, 2, 3, 5, 7, 8, 11] as const;
/** Natural minor (used for melodies outside the dominant). */
export const NATURAL_MINOR_SCALE = [0, 2, 3, 5, 7, 8, 10] as const;

/**
 * Chord progressions as 0-based scale degrees, one chord per bar, every one
 * starting on the tonic (so the first bar establishes the key).
 */
export const MAJOR_PROGRESSIONS: readonly (readonly number[])[] = [
  [0, 4, 5, 3], // I–V–vi–IV
  [0, 3, 4, 0], // I–IV–V–I
  [0, 5, 3, 4], // I–vi–IV–V
  [0, 1, 4, 0], // I–ii–V–I
  [0, 3, 0, 4], // I–IV–I–V
];
/** Minor progressions (degrees of the harmonic minor scale; degree 4 is the major dominant). */
export const MINOR_PROGRESSIONS: readonly (readonly number[])[] = [
  [0, 3, 4, 0], // i–iv–V–i
  [0, 5, 3, 4], // i–VI–iv–V
  [0, 3, 0, 4], // i–iv–i–V
  [0, 6, 5, 4], // i–VII–VI–V (VII from natural minor)
];

/**
 * The triad (or seventh chord with `seventh`) on scale degree `degree` of the key,
 * as semitone offsets above the tonic (may exceed 12). Minor keys use harmonic
 * minor for the dominant (degree 4) and natural minor otherwise, so V is major
 * and VII is the subtonic major chord.
 */
export function diatonicChord(degree: number, mode: number, seventh = false): number[] {
  const scale: readonly number[] =
    mode === 1 ? MAJOR_SCALE : degree === 4 ? HARMONIC_MINOR_SCALE : NATURAL_MINOR_SCALE;
  const at = (i: number) => scale[i % 7] + 12 * Math.floor(i / 7);
  const notes = [at(degree), at(degree + 2), at(degree + 4)];
  if (seventh) notes.push(at(degree + 6));
  return notes;
}

/** MIDI note number to frequency in Hz (A4 = MIDI 69 = 440 Hz). */
export function midiToHz(midi: number): number {
  return 440 * 2 ** ((midi - 69) / 12);
}
