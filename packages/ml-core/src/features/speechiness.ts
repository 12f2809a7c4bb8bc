/**
 * Speechiness: presence of spoken words, 0–1, with the Spotify Web API's reading: above 0.66 the
 * track is probably entirely speech, 0.33–0.66 speech and music (in sections or layered, e.g. rap),
 * below 0.33 music and other non-speech sounds.
 *
 * Method: speech/music discrimination after Scheirer & Slaney (1997), in two factors.
 * - Voice: is there a voice-like harmonic source? Partials that glide rather than hold (sustained
 *   notes give steady partials; speech harmonics follow the intonation), few perfectly steady
 *   partials, and a harmonic rather than noisy spectrum (Johnston 1988 flatness; drums are noisy).
 *   Weighted geometric mean (a soft AND) of the cues' speech-likeness, each a ramp between a
 *   value typical of music and one typical of speech ({@link VOICE_CUES}).
 * - Prosody: does it move like speech rather than music? 4 Hz (syllabic) modulation energy and
 *   the low-energy frame ratio (Scheirer & Slaney), and an aperiodic onset envelope (speech has no
 *   beat; cf. Lartillot et al. 2008 pulse clarity). Weighted arithmetic mean ({@link PROSODY_CUES}).
 *
 * The voice factor is multiplied by a voice-band gate ({@link VOICE_BAND_GATE}): a track whose power
 * lies mostly below 120 Hz is bass-led, not voice-led.
 *
 * speechiness = voice^1.5 × (0.4 + 0.6 × prosody): a voice over music (rap, speech over a bed)
 * reaches about 0.3–0.6; only a voice that also moves like speech reaches the top; no voice gives
 * about 0.
 *
 * Monotone voices (text-to-speech without intonation) hold their partials like instruments and
 * fail the voice factor, so a second, intonation-free path takes the fuzzy AND (minimum) of five
 * cues, all of which speech shows and each of which some music lacks ({@link ARTICULATION_CUES}):
 * syllabic modulation, low-energy frames, no beat, the voiced/unvoiced alternation seen as a large
 * spread of the spectral centroid (Scheirer & Slaney's centroid variance) and a fast timbral change
 * rate (mean |Δ MFCC|; Carey et al. 1999). The result is the larger of the two paths.
 *
 * Anchors come from rendered speech-like audio (natural and monotone voices) vs rendered music
 * (songs of five timbres with and without drums, drum loops, drum and bass loops, legato and
 * staccato solo lines with rests) and speech laid over songs, in scripts/calibrate-perceptual.ts.
 */
import type { TrackDescriptors } from './descriptors.js';
import { ramp, unit } from './spectral.js';

/** A cue: descriptor, music-like anchor, speech-like anchor, weight. */
export type SpeechCue = readonly [keyof TrackDescriptors, number, number, number];

/** Voice cues (weighted geometric mean). */
export const VOICE_CUES: readonly SpeechCue[] = [
  ['glidingPartialRatio', 0.1, 0.35, 1.5],
  ['steadyPartialRatio', 0.95, 0.55, 1],
  ['flatnessMean', 0.25, 0.1, 1],
];

/**
 * Voice-band gate: share of power below 120 Hz, music-like (bass-led) anchor, speech-like anchor.
 * Speech power lies in F0 and the formants (100 Hz–4 kHz); when most of a track's power is below
 * 120 Hz the track is led by bass, and gliding partials are more likely bass slides and vibrato
 * than intonation. Rendered speech reads 0–0.08 and speech over music 0.1–0.3; bass-led songs and
 * drum-and-bass loops 0.65–0.85 (scripts/calibrate-perceptual.ts). Multiplies the voice factor.
 */
export const VOICE_BAND_GATE = { music: 0.6, speech: 0.3 } as const;

/** Prosody cues (weighted arithmetic mean). */
export const PROSODY_CUES: readonly SpeechCue[] = [
  ['modulation4Hz', 0.1, 0.25, 1],
  ['lowEnergyRatio', 0.1, 0.35, 1],
  ['envelopePeriodicity', 0.6, 0.25, 1],
];

/** Intonation-free speech cues, combined by their minimum; centroid spread is std / mean. */
export const ARTICULATION_CUES: readonly SpeechCue[] = [
  ['modulation4Hz', 0.1, 0.25, 1],
  ['lowEnergyRatio', 0.1, 0.35, 1],
  ['envelopePeriodicity', 0.6, 0.25, 1],
  ['centroidStd', 0.3, 0.9, 1],
  ['mfccDeltaMean', 0.4, 0.7, 1],
];

/** Floor of each voice cue's speech-likeness, so one cue alone cannot zero the product. */
const FLOOR = 0.05;

/** Speechiness 0–1 from the track's descriptors (0 for silence). */
export function speechiness(d: TrackDescriptors): number {
  if (!(d.levelDb > -90)) return 0;
  let wSum = 0;
  let logSum = 0;
  for (const [name, music, speech, w] of VOICE_CUES) {
    logSum += w * Math.log(FLOOR + (1 - FLOOR) * ramp(d[name] as number, music, speech));
    wSum += w;
  }
  const voice = Math.exp(logSum / wSum) * ramp(d.lowFreqRatio, VOICE_BAND_GATE.music, VOICE_BAND_GATE.speech);
  let pSum = 0;
  let pw = 0;
  for (const [name, music, speech, w] of PROSODY_CUES) {
    pSum += w * ramp(d[name] as number, music, speech);
    pw += w;
  }
  const withVoice = Math.pow(voice, 1.5) * (0.4 + 0.6 * (pSum / pw));
  let articulated = 1;
  for (const [name, music, speech] of ARTICULATION_CUES) {
    const v = name === 'centroidStd' ? d.centroidStd / Math.max(d.centroidMean, 1) : (d[name] as number);
    articulated = Math.min(articulated, ramp(v, music, speech));
  }
  return unit(Math.max(withVoice, articulated));
}
