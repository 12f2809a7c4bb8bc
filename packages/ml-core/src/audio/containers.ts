/**
 * Byte-level preparation of two kinds of file the Web Audio decoder of
 * node-web-audio-api 1.0.9 (symphonia) rejects, so the analysis still reads them:
 *
 * - **Ogg Opus**: symphonia has no Opus decoder. The Ogg pages are demuxed
 *   here (RFC 3533), the packets decoded with `opus-decoder` (libopus compiled
 *   to WebAssembly, RFC 6716; Ogg mapping per RFC 7845: pre-skip, channel
 *   mapping, output gain), and handed on as a float WAV.
 * - **MP4/M4A with the `moov` atom after `mdat`** (ffmpeg's default, many
 *   rips): the decoder reads the bytes as a non-seekable stream and fails with
 *   "missing moov atom". Rewritten with `moov` first and every chunk offset
 *   (`stco`/`co64`) shifted, as `qt-faststart` does (ISO/IEC 14496-12 §8.7.5).
 */
import { OpusDecoder } from 'opus-decoder';
import { AudiioError } from '../errors.js';
import { encodeWav } from './wav.js';

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

/** True when the bytes start an Ogg stream whose first packet is an Opus header. */
export function isOggOpus(b: Uint8Array): boolean {
  return b.length > 36 && ascii(b, 0, 4) === 'OggS' && ascii(b, 28, 8) === 'OpusHead';
}

/**
 * The packets of the first logical stream of an Ogg file (RFC 3533): segments
 * of 255 bytes continue a packet, a shorter one ends it; packets may span pages.
 * Stops quietly at a truncated page, keeping what was complete.
 */
export function oggPackets(b: Uint8Array): Uint8Array[] {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const packets: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  let serial: number | undefined;
  for (let p = 0; p + 27 <= b.length && ascii(b, p, 4) === 'OggS'; ) {
    const nSeg = b[p + 26];
    const body = p + 27 + nSeg;
    if (body > b.length) break;
    const pageSerial = v.getUint32(p + 14, true);
    serial ??= pageSerial;
    let q = body;
    for (let i = 0; i < nSeg; i++) {
      const len = b[p + 27 + i];
      if (q + len > b.length) return packets;
      if (pageSerial === serial) {
        pending.push(b.subarray(q, q + len));
        if (len < 255) {
          packets.push(pending.length === 1 ? pending[0] : concat(pending));
          pending = [];
        }
      }
      q += len;
    }
    p = q;
  }
  return packets;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let at = 0;
  for (const x of parts) {
    out.set(x, at);
    at += x.length;
  }
  return out;
}

/**
 * Decodes an Ogg Opus file to a 32-bit float WAV (48 kHz, its channels).
 * @throws AudiioError `DECODE_FAILED` naming `path` when nothing decodes.
 */
export async function oggOpusToWav(bytes: Uint8Array, path: string): Promise<Uint8Array> {
  const packets = oggPackets(bytes);
  const head = packets[0];
  if (!head || head.length < 19 || ascii(head, 0, 8) !== 'OpusHead') {
    throw new AudiioError('DECODE_FAILED', 'not a decodable Opus file (no OpusHead packet)', { path });
  }
  const hv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const channels = head[9];
  const family = head[18];
  const mapping =
    family === 0 || head.length < 21 + channels
      ? {}
      : { streamCount: head[19], coupledStreamCount: head[20], channelMappingTable: Array.from(head.subarray(21, 21 + channels)) };
  const gain = 10 ** (hv.getInt16(16, true) / 256 / 20); // output gain, Q7.8 dB
  const decoder = new OpusDecoder({ channels, preSkip: hv.getUint16(10, true), ...mapping });
  try {
    await decoder.ready;
    // packets[1] is OpusTags; the audio follows.
    const r = decoder.decodeFrames(packets.slice(2));
    if (!r.samplesDecoded || r.channelData.length === 0) {
      const why = r.errors[0]?.message ?? 'no audio packets';
      throw new AudiioError('DECODE_FAILED', `not a decodable Opus file (${why})`, { path });
    }
    if (gain !== 1) for (const ch of r.channelData) for (let i = 0; i < ch.length; i++) ch[i] *= gain;
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
  // A copy, patched below: `bytes` may be a Node Buffer, whose slice() is a view of the caller's memory.
  const moovBytes = Uint8Array.prototype.slice.call(bytes, m.start, m.start + m.size);
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
