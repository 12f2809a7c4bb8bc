/**
 * Pitch-class names, as the key feature reports them: 0 = C … 11 = B (Spotify's `key`
 * convention, pitch-class notation), −1 = no key detected.
 */

/** Pitch-class names, sharps only (0 = C … 11 = B). */
export const PITCH_CLASS_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const;

/** "C major", "F# minor"…; "unknown" for key −1 (or any value outside 0–11). `mode` 1 = major, 0 = minor. */
export function keyName(key: number, mode: number): string {
  if (!Number.isInteger(key) || key < 0 || key > 11) return 'unknown';
  return `${PITCH_CLASS_NAMES[key]} ${mode === 1 ? 'major' : 'minor'}`;
}
