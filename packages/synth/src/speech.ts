import { createRandom } from './random.js';

/** Options of {@link renderSpeechLike}. */
export interface SpeechOptions {
  /** Length in seconds (> 0). */
  durationSec: number;
  /** Sample rate in Hz, ≥ 8000; default 22050. */
  sampleRate?: number;
  /** Seed of the deterministic generator; default 1. */
  seed?: number;
  /** Mean fundamental frequency in Hz, 70–300; default 120 (an adult male voice; ~210 for female). */
  f0?: number;
  /** Syllables per second, 2–8; default 4.5 (conversational English is 4–5). */
  syllableRate?: number;
  /** Amount of intonation 0–1 (declination, accents, jitter); default 1 (natural); ~0.2 sounds like monotone text-to-speech. */
  intonation?: number;
  /** Gain of the noise consonants (fricatives, bursts), 0–1; default 1. Lower values imitate synthesisers with weak frication. */
  frication?: number;
  /** Peak level in dBFS of the output; default -3. */
  peakDb?: number;
}

/** Formant frequencies (Hz) F1–F3 of some vowels of an adult male (Peterson & Barney 1952). */
const VOWELS: readonly (readonly [number, number, number])[] = [
  [730, 1090, 2440], // /a/
  [270, 2290, 3010], // /i/
  [300, 870, 2240], // /u/
  [530, 1840, 2480], // /e/
  [570, 840, 2410], // /o/
  [660, 1720, 2410], // /æ/
  [520, 1190, 2390], // /ʌ/
  [390, 1990, 2550], // /ɪ/
];

type Consonant = 'none' | 'fricative-s' | 'fricative-sh' | 'fricative-f' | 'plosive' | 'nasal';
const CONSONANTS: readonly Consonant[] = ['none', 'fricative-s', 'fricative-sh', 'fricative-f', 'plosive', 'plosive', 'nasal'];

/** Two-pole resonator (Klatt 1980): unity gain at DC is not needed, peak gain normalised to ~1. */
class Resonator {
  private y1 = 0;
  private y2 = 0;
  private a = 0;
  private b = 0;
  private c = 0;
  set(freq: number, bw: number, sr: number): void {
    const r = Math.exp((-Math.PI * bw) / sr);
    this.c = -r * r;
    this.b = 2 * r * Math.cos((2 * Math.PI * freq) / sr);
    this.a = 1 - this.b - this.c;
  }
  step(x: number): number {
    const y = this.a * x + this.b * this.y1 + this.c * this.y2;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

/** A one-pole band-limited noise colouring: high-passed (hp) then low-passed (lp) white noise. */
function colouredNoise(random: () => number, hpHz: number, lpHz: number, sr: number): () => number {
  const ah = Math.exp((-2 * Math.PI * hpHz) / sr);
  const al = Math.exp((-2 * Math.PI * lpHz) / sr);
  let lpState = 0;
  let hpLp = 0;
  return () => {
    const w = random() * 2 - 1;
    hpLp = ah * hpLp + (1 - ah) * w;
    const hp = w - hpLp;
    lpState = al * lpState + (1 - al) * hp;
    return lpState;
  };
}

/**
 * Renders a speech-like signal by direct source–filter synthesis (Fant 1960; Klatt 1980):
 * a Rosenberg (1971) glottal pulse train with a natural pitch contour (phrase declination,
 * accents on stressed syllables, jitter) through a cascade of vowel formant resonators, with
 * consonant noise (fricatives, plosive bursts preceded by a closure, nasals), syllables at
 * 3–6 Hz with a rise–fall amplitude envelope, and pauses of 0.2–0.8 s between phrases of 1–4 s.
 * Its descriptors behave like speech: strong 4 Hz envelope modulation, many low-energy frames,
 * gliding rather than steady partials. It is not intelligible.
 *
 * @returns mono samples at `sampleRate`, peak at `peakDb` dBFS; deterministic for a seed.
 */
export function renderSpeechLike(options: SpeechOptions): Float32Array {
  const sr = options.sampleRate ?? 22050;
  const random = createRandom(options.seed ?? 1);
  const f0Mean = Math.min(300, Math.max(70, options.f0 ?? 120));
  const sylRate = Math.min(8, Math.max(2, options.syllableRate ?? 4.5));
  const into = Math.min(1, Math.max(0, options.intonation ?? 1));
  const fric = Math.min(1, Math.max(0, options.frication ?? 1));
  const n = Math.max(1, Math.round(options.durationSec * sr));
  const out = new Float32Array(n);
  // Formant scale for the voice: higher voices have shorter vocal tracts.
  const tract = Math.pow(f0Mean / 120, 0.3);
  const formants = [new Resonator(), new Resonator(), new Resonator(), new Resonator()];
  const nasalRes = new Resonator();
  nasalRes.set(250, 100, sr);
  const sNoise = colouredNoise(random, 4000, Math.min(9000, sr * 0.45), sr);
  const shNoise = colouredNoise(random, 2000, Math.min(5000, sr * 0.45), sr);
  const fNoise = colouredNoise(random, 1000, Math.min(8000, sr * 0.45), sr);
  const burst = colouredNoise(random, 500, Math.min(6000, sr * 0.45), sr);
  const aspiration = colouredNoise(random, 800, Math.min(5000, sr * 0.45), sr);

  let t = Math.round(random() * 0.2 * sr); // leading silence
  let phase = 0;
  let prevGlottal = 0;
  let vowel = VOWELS[0];
  while (t < n) {
    // One phrase: 1–4 s of syllables with a declining pitch baseline.
    const phraseLen = Math.round((1 + random() * 3) * sr);
    const phraseEnd = Math.min(n, t + phraseLen);
    const phraseStart = t;
    while (t < phraseEnd) {
      const sylDur = Math.round((sr / sylRate) * (0.6 + random() * 0.8));
      const stressed = random() < 0.35;
      const consonant = CONSONANTS[Math.floor(random() * CONSONANTS.length)];
      const consDur = consonant === 'none' ? 0 : Math.round(sylDur * (0.2 + random() * 0.2));
      const nextVowel = VOWELS[Math.floor(random() * VOWELS.length)];
      const sylEnd = Math.min(n, t + sylDur);
      const accent = stressed ? 1.15 + random() * 0.15 : 0.95 + random() * 0.1;
      const level = stressed ? 1 : 0.55 + random() * 0.3;
      for (let i = t; i < sylEnd; i++) {
        const u = (i - t) / sylDur; // position in syllable 0..1
        const inCons = i - t < consDur;
        // Pitch: phrase declination × syllable accent (rise then fall) × slow jitter.
        const phrasePos = (i - phraseStart) / phraseLen;
        const f0 =
          f0Mean *
          (1 + into * (0.12 - 0.25 * phrasePos)) *
          (1 + into * (accent - 1) * Math.sin(Math.PI * u)) *
          (1 + into * 0.01 * (random() - 0.5));
        phase += f0 / sr;
        if (phase >= 1) phase -= 1;
        // Rosenberg glottal flow (open 40 %, closing 16 %), differentiated for lip radiation.
        const g = phase < 0.4 ? 0.5 * (1 - Math.cos((Math.PI * phase) / 0.4)) : phase < 0.56 ? Math.cos((Math.PI * (phase - 0.4)) / 0.32) : 0;
        const source = g - prevGlottal;
        prevGlottal = g;
        // Formant glide from the previous vowel over the first 30 % of the nucleus.
        if ((i - t) % 32 === 0) {
          const k = Math.min(1, Math.max(0, (u - consDur / sylDur) / 0.3));
          for (let f = 0; f < 3; f++) {
            const freq = ((1 - k) * vowel[f] + k * nextVowel[f]) * tract;
            formants[f].set(Math.min(freq, sr * 0.45), 60 + 30 * f, sr);
          }
          formants[3].set(Math.min(3500 * tract, sr * 0.45), 200, sr);
        }
        let s = 0;
        if (inCons) {
          const cu = (i - t) / Math.max(1, consDur);
          switch (consonant) {
            case 'fricative-s':
              s = fric * 0.5 * sNoise() * Math.sin(Math.PI * cu);
              break;
            case 'fricative-sh':
              s = fric * 0.5 * shNoise() * Math.sin(Math.PI * cu);
              break;
            case 'fricative-f':
              s = fric * 0.2 * fNoise() * Math.sin(Math.PI * cu);
              break;
            case 'plosive': // closure silence, then a short burst
              s = cu > 0.7 ? fric * 0.8 * burst() * Math.exp(-(cu - 0.7) * 20) : 0;
              break;
            case 'nasal':
              s = 0.3 * nasalRes.step(source * 30) * Math.sin(Math.PI * cu);
              break;
            default:
              break;
          }
        } else {
          // Voiced nucleus: rise–fall envelope (syllabic modulation).
          const v = (u - consDur / sylDur) / Math.max(1e-6, 1 - consDur / sylDur);
          const env = 0.1 + 0.9 * Math.pow(Math.sin(Math.PI * Math.min(1, Math.max(0, v))), 0.6);
          let y = source * 40 + 0.02 * aspiration();
          for (let f = 0; f < 4; f++) y = formants[f].step(y) * (f === 0 ? 1 : 1.2);
          s = level * env * y;
        }
        out[i] += s;
      }
      vowel = nextVowel;
      // Short gaps between some words.
      t = sylEnd + (random() < 0.25 ? Math.round((0.03 + random() * 0.1) * sr) : 0);
    }
    // Pause between phrases.
    t = phraseEnd + Math.round((0.2 + random() * 0.6) * sr);
  }
  normalisePeak(out, options.peakDb ?? -3);
  return out;
}

/** Scales `x` in place so its peak is `peakDb` dBFS (no-op for silence). */
function normalisePeak(x: Float32Array, peakDb: number): void {
  let peak = 0;
  for (let i = 0; i < x.length; i++) peak = Math.max(peak, Math.abs(x[i]));
  if (!(peak > 0)) return;
  const g = Math.pow(10, peakDb / 20) / peak;
  for (let i = 0; i < x.length; i++) x[i] *= g;
}

/**
 * Lays speech over music: `speech` scaled to be `speechToMusicDb` dB above (RMS) `music`, summed,
 * then scaled so the peak is at most -1 dBFS. Both mono at the same rate; the result has the
 * length of `music` (speech is cut or padded with silence).
 */
export function mixSpeechOverMusic(music: Float32Array, speech: Float32Array, speechToMusicDb = 6): Float32Array {
  const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / Math.max(1, x.length));
  const ms = rms(music);
  const ss = rms(speech.subarray(0, music.length));
  const g = ss > 0 && ms > 0 ? (ms * Math.pow(10, speechToMusicDb / 20)) / ss : 1;
  const out = new Float32Array(music.length);
  for (let i = 0; i < out.length; i++) out[i] = music[i] + (i < speech.length ? g * speech[i] : 0);
  let peak = 0;
  for (const v of out) peak = Math.max(peak, Math.abs(v));
  if (peak > 0.891) for (let i = 0; i < out.length; i++) out[i] *= 0.891 / peak;
  return out;
}
