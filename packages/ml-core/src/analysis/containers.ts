/**
 * Byte-level preparation of two kinds of file the Web Audio decoder of
 * node-web-audio-api 1.0.9 (symphonia) rejects, so the analysis still reads them:
 *
 * - **Ogg Opus**: symphonia has no Opus decoder. Decoded here with
 *   `ogg-opus-decoder` (libopus compiled to WebAssembly, RFC 6716 / RFC 7845)
 *   and handed on as a float WAV.
 * - **MP4/M4A with the `moov` atom after `mdat`** (ffmpeg's default, many
 *   rips): the decoder reads the bytes as a non-seekable stream and fails with
 *   "missing moov atom". Rewritten with `moov` first and every chunk offset
 *   (`stco`/`co64`) shifted, as `qt-faststart` does (ISO/IEC 14496-12 §8.7.5).
 */
import { OggOpusDecoder } from 'ogg-opus-decoder';
import { AudiioError } from '../errors.js';
import { encodeWav } from '../synth/wav.js';

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

/** True when the bytes start an Ogg stream whose first packet is an Opus header. */
export function isOggOpus(b: Uint8Array): boolean {
  return b.length > 36 && ascii(b, 0, 4) === 'OggS' && ascii(b, 28, 8) === 'OpusHead';
}

/**
 * Decodes an Ogg Opus file to a 32-bit float WAV (48 kHz, its channels).
 * @throws AudiioError `DECODE_FAILED` naming `path` when nothing decodes.
 */
export async function oggOpusToWav(bytes: Uint8Array, path: string): Promise<Uint8Array> {
  const decoder = new OggOpusDecoder();
  try {
    await decoder.ready;
    const r = await decoder.decodeFile(bytes);
    if (!r.samplesDecoded || r.channelData.length === 0) {
      const why = r.errors[0]?.message ?? 'no audio packets';
      throw new AudiioError('DECODE_FAILED', `not a decodable Opus file (${why})`, { path });
    }
    return encodeWav(r.channelData, r.sampleRate, '32f');
  } catch (err) {
    if (err instanceof AudiioError) throw err;
    throw new AudiioError('DECODE_FAILED', `not a decodable Opus file (${(err as Error).message})`, { path, cause: err });
  } finally {
    decoder.free();
  }
}

interface Box {
  type: string;
  start: number;
  size: number;
  header: number;
}

/** The boxes in `b[from, to)`; undefined when the sizes do not add up. */
function boxes(b: Uint8Array, from: number, to: number): Box[] | undefined {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Box[] = [];
  let p = from;
  while (p + 8 <= to) {
    let size = v.getUint32(p);
    let header = 8;
    if (size === 1) {
      if (p + 16 > to) return undefined;
      size = Number(v.getBigUint64(p + 8));
      header = 16;
    } else if (size === 0) size = to - p;
    if (size < header || p + size > to) return undefined;
    out.push({ type: ascii(b, p + 4, 4), start: p, size, header });
    p += size;
  }
  return out;
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);

/** Adds `shift` to every chunk offset inside `moov` (in place); false when an offset would overflow. */
function shiftChunkOffsets(b: Uint8Array, box: Box, shift: number): boolean {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (const c of boxes(b, box.start + box.header, box.start + box.size) ?? []) {
    if (CONTAINERS.has(c.type)) {
      if (!shiftChunkOffsets(b, c, shift)) return false;
    } else if (c.type === 'stco' || c.type === 'co64') {
      const body = c.start + c.header;
      const n = v.getUint32(body + 4);
      const wide = c.type === 'co64';
      if (body + 8 + n * (wide ? 8 : 4) > c.start + c.size) return false;
      for (let i = 0; i < n; i++) {
        const at = body + 8 + i * (wide ? 8 : 4);
        if (wide) v.setBigUint64(at, v.getBigUint64(at) + BigInt(shift));
        else {
          const x = v.getUint32(at) + shift;
          if (x > 0xffffffff) return false;
          v.setUint32(at, x);
        }
      }
    }
  }
  return true;
}

/**
 * When `bytes` are an MP4/M4A file whose `moov` box follows its first `mdat`,
 * returns a copy with `moov` moved before `mdat` and chunk offsets shifted;
 * otherwise (not MP4, already `moov` first, or unparseable) undefined.
 */
export function moovFirst(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length < 16 || ascii(bytes, 4, 4) !== 'ftyp') return undefined;
  const top = boxes(bytes, 0, bytes.length);
  if (!top) return undefined;
  const mdat = top.findIndex((x) => x.type === 'mdat');
  const moov = top.findIndex((x) => x.type === 'moov');
  if (mdat < 0 || moov < 0 || moov < mdat) return undefined;
  const m = top[moov];
  const moovBytes = bytes.slice(m.start, m.start + m.size);
  if (!shiftChunkOffsets(moovBytes, { ...m, start: 0 }, m.size)) return undefined;
  const out = new Uint8Array(bytes.length);
  let p = 0;
  for (const [i, x] of top.entries()) {
    if (i === moov) continue;
    if (i === mdat) {
      out.set(moovBytes, p);
      p += moovBytes.length;
    }
    out.set(bytes.subarray(x.start, x.start + x.size), p);
    p += x.size;
  }
  return out;
}

/**
 * The bytes to hand the Web Audio decoder for a file: Ogg Opus decoded to a
 * float WAV, MP4 with `moov` last rewritten `moov` first, anything else as is.
 */
export async function prepareForDecoder(bytes: Uint8Array, path: string): Promise<Uint8Array> {
  if (isOggOpus(bytes)) return oggOpusToWav(bytes, path);
  return moovFirst(bytes) ?? bytes;
}
