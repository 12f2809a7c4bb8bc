/**
 * WAV (RIFF WAVE) encoding of PCM audio, after the Microsoft RIFF/WAVE and
 * WAVE_FORMAT_EXTENSIBLE specifications. Used by tests and the demo to write
 * rendered audio to files.
 */
import { AudiioError } from '../errors.js';

/** Sample formats: 16- or 24-bit integer PCM, or 32-bit IEEE float (`'32f'`). */
export type WavBitDepth = 16 | 24 | '32f';

const KSDATA_PCM = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** Speaker mask for 1–8 channels (FL, FR, FC, LFE, BL, BR, …). */
function channelMask(n: number): number {
  return n === 1 ? 0x4 : (1 << n) - 1;
}

/**
 * Encodes `channels` (one Float32Array per channel, samples in -1..1, equal
 * lengths) as a WAV file. Integer formats are clipped to -1..1 and rounded.
 * Files with more than two channels or more than 16 bits use
 * WAVE_FORMAT_EXTENSIBLE, as the specification asks.
 *
 * @throws AudiioError `BAD_ARGUMENT` for no channels, unequal lengths or a bad rate.
 */
export function encodeWav(channels: Float32Array[], sampleRate: number, bitDepth: WavBitDepth | 32 = 16): Uint8Array {
  const depth: WavBitDepth = bitDepth === 32 ? '32f' : bitDepth;
  if (channels.length < 1 || channels.length > 18) throw new AudiioError('BAD_ARGUMENT', `encodeWav: 1–18 channels, got ${channels.length}`);
  const frames = channels[0].length;
  if (channels.some((c) => c.length !== frames)) throw new AudiioError('BAD_ARGUMENT', 'encodeWav: channels differ in length');
  if (!Number.isInteger(sampleRate) || sampleRate < 1) throw new AudiioError('BAD_ARGUMENT', `encodeWav: bad sample rate ${sampleRate}`);

  const nch = channels.length;
  const bytesPer = depth === 16 ? 2 : depth === 24 ? 3 : 4;
  const extensible = nch > 2 || depth === 24;
  const fmtSize = extensible ? 40 : depth === '32f' ? 18 : 16;
  const dataSize = frames * nch * bytesPer;
  const factSize = depth === '32f' ? 12 : 0;
  const total = 12 + 8 + fmtSize + factSize + 8 + dataSize + (dataSize % 2);
  const buf = new Uint8Array(total);
  const v = new DataView(buf.buffer);
  let p = 0;
  const str = (s: string) => {
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
  };
  const u32 = (x: number) => {
    v.setUint32(p, x, true);
    p += 4;
  };
  const u16 = (x: number) => {
    v.setUint16(p, x, true);
    p += 2;
  };

  str('RIFF');
  u32(total - 8);
  str('WAVE');
  str('fmt ');
  u32(fmtSize);
  const formatTag = depth === '32f' ? 3 : 1;
  u16(extensible ? 0xfffe : formatTag);
  u16(nch);
  u32(sampleRate);
  u32(sampleRate * nch * bytesPer);
  u16(nch * bytesPer);
  u16(bytesPer * 8);
  if (fmtSize > 16) u16(fmtSize - 18);
  if (extensible) {
    u16(bytesPer * 8);
    u32(channelMask(nch));
    u16(formatTag);
    for (const b of KSDATA_PCM) buf[p++] = b;
  }
  if (factSize) {
    str('fact');
    u32(4);
    u32(frames);
  }
  str('data');
  u32(dataSize);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nch; c++) {
      const x = channels[c][i];
      if (depth === '32f') {
        v.setFloat32(p, x, true);
        p += 4;
        continue;
      }
      const s = Math.max(-1, Math.min(1, Number.isFinite(x) ? x : 0));
      if (depth === 16) {
        v.setInt16(p, Math.round(s < 0 ? s * 32768 : s * 32767), true);
        p += 2;
      } else {
        const q = Math.round(s < 0 ? s * 8388608 : s * 8388607);
        buf[p] = q & 0xff;
        buf[p + 1] = (q >> 8) & 0xff;
        buf[p + 2] = (q >> 16) & 0xff;
        p += 3;
      }
    }
  }
  return buf;
}
