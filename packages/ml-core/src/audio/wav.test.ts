import { describe, expect, it } from 'vitest';
import { OfflineAudioContext } from '../audio/web-audio.js';
import { encodeWav } from './wav.js';

async function decode(bytes: Uint8Array, sampleRate = 8000) {
  const ctx = new OfflineAudioContext({ numberOfChannels: 1, length: 1, sampleRate });
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return ctx.decodeAudioData(ab);
}

function sine(n: number, sr: number, hz: number, amp = 0.5): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / sr));
}

describe('encodeWav', () => {
  for (const depth of [16, 24, '32f'] as const) {
    for (const nch of [1, 2, 6]) {
      it(`round-trips ${nch} channel(s) at ${depth} bits through decodeAudioData`, async () => {
        const sr = 22050;
        const chans = Array.from({ length: nch }, (_, c) => sine(2205, sr, 220 * (c + 1)));
        const decoded = await decode(encodeWav(chans, sr, depth), sr);
        expect(decoded.numberOfChannels).toBe(nch);
        expect(decoded.length).toBe(2205);
        const tol = depth === 16 ? 1e-4 : 1e-6;
        for (let c = 0; c < nch; c++) {
          const got = decoded.getChannelData(c);
          for (let i = 0; i < 2205; i += 97) expect(Math.abs(got[i] - chans[c][i])).toBeLessThan(tol);
        }
      });
    }
  }

  it('writes a correct RIFF header', () => {
    const bytes = encodeWav([new Float32Array(10)], 8000, 16);
    const text = (a: number, b: number) => String.fromCharCode(...bytes.subarray(a, b));
    expect(text(0, 4)).toBe('RIFF');
    expect(text(8, 12)).toBe('WAVE');
    const v = new DataView(bytes.buffer);
    expect(v.getUint32(4, true)).toBe(bytes.length - 8);
    expect(v.getUint32(24, true)).toBe(8000);
    expect(bytes.length).toBe(44 + 20);
  });

  it('clips out-of-range samples in integer formats', async () => {
    const decoded = await decode(encodeWav([Float32Array.from([2, -2, 0.5])], 8000, 16));
    const d = decoded.getChannelData(0);
    expect(d[0]).toBeCloseTo(1, 3);
    expect(d[1]).toBeCloseTo(-1, 3);
  });

  it('rejects bad input with BAD_ARGUMENT', () => {
    expect(() => encodeWav([], 8000)).toThrow(/channels/);
    expect(() => encodeWav([new Float32Array(2), new Float32Array(3)], 8000)).toThrow(/length/);
    expect(() => encodeWav([new Float32Array(2)], 0)).toThrow(/sample rate/);
  });
});
