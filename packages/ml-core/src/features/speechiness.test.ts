import { describe, expect, it } from 'vitest';
import { speechiness, VOICE_BAND_GATE } from './speechiness.js';
import { computeDescriptors } from './descriptors.js';
import { analysisInput } from './extract.js';
import { estimateRhythm } from './tempo.js';
import { estimateKey } from './key.js';
import type { DecodedAudio } from '../audio/types.js';
import { renderSpeechLike, renderSong } from '@audiio-ml/synth';

const SR = 22050;
const describe_ = (decoded: DecodedAudio) => {
  const input = analysisInput(decoded);
  return computeDescriptors(input.spec, estimateRhythm(input), estimateKey(input.mono, input.sampleRate));
};

describe('speechiness voice-band gate', () => {
  it('keeps rendered speech above 0.66 and reads a bass-led song with drums below 0.33', async () => {
    const x = renderSpeechLike({ durationSec: 12, seed: 7, f0: 100 });
    const speech = describe_({ sampleRate: SR, channels: [x], durationSec: 12 });
    expect(speech.lowFreqRatio).toBeLessThan(VOICE_BAND_GATE.speech);
    expect(speechiness(speech)).toBeGreaterThan(0.66);
    // Organ with drums and the bass an octave low (E1–D#2): gliding bass partials, most power below 120 Hz.
    const song = await renderSong({ tempo: 130, key: 3, mode: 1, drums: true, timbre: 'organ', bassOctave: -1, durationSec: 12, sampleRate: SR, channels: 1, seed: 3 });
    const music = describe_(song);
    expect(music.lowFreqRatio).toBeGreaterThan(VOICE_BAND_GATE.music);
    expect(speechiness(music)).toBeLessThan(0.33);
  });

  it('the gate only lowers speechiness, by the share of power below 120 Hz', () => {
    const x = renderSpeechLike({ durationSec: 8, seed: 9, f0: 180 });
    const d = describe_({ sampleRate: SR, channels: [x], durationSec: 8 });
    const at = (lowFreqRatio: number) => speechiness({ ...d, lowFreqRatio });
    expect(at(0)).toBeGreaterThanOrEqual(at(0.45));
    expect(at(0.45)).toBeGreaterThanOrEqual(at(0.9));
    expect(at(0)).toBe(speechiness(d));
  });
});
