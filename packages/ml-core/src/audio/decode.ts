/**
 * Decoding: file bytes → {@link DecodedAudio} through the Web Audio API for
 * Node (`node-web-audio-api`, `OfflineAudioContext#decodeAudioData`), which
 * reads mp3, flac, ogg/vorbis, opus, wav and m4a/aac.
 *
 * `decodeAudioData` resamples to the context's sample rate (Web Audio API §
 * BaseAudioContext). By default a file is decoded with its full audible band:
 * at its native rate when that is 44.1 kHz (or 22.05 kHz), so nothing is
 * resampled, otherwise at 44.1 kHz (see `fullBandRate`). Loudness (BS.1770) is
 * measured on those channels, and the mono analysis signal is brought to the
 * analysis rate afterwards by halfband decimation (audio/resample.ts). Memory
 * stays bounded:
 * - when that PCM would exceed {@link MAX_NATIVE_SAMPLES} (e.g. a 20-min
 *   6-channel file), or the header gives no rate, the file is decoded straight
 *   to {@link ANALYSIS_RATE}; files below 22 050 Hz are decoded at their own
 *   rate and the analysis signal is upsampled (band-limited interpolation);
 * - files longer than {@link LONG_FILE_SEC} are decoded at {@link LONG_FILE_RATE}
 *   (a one-hour stereo file is 318 MB of float32 at 11 025 Hz instead of 1.27 GB
 *   at 44.1 kHz), long MP3s in chunks; their loudness is measured at that rate
 *   (on the shared files that stays within 0.5 LU of ffmpeg's ebur128 except for
 *   content with much energy above 5.5 kHz: max 0.89 LU, a bird-song recording).
 * A 14-min 44.1 kHz stereo MP3 peaks at 1.45 GB RSS (1.16 GB when decoded to 22 050 Hz):
 * the decoder holds native-rate PCM internally either way.
 *
 * Ogg Opus and MP4/M4A files whose `moov` index follows the media data are
 * prepared first (audio/containers.ts: Opus demuxed there and decoded by opus-decoder,
 * `moov` moved to the front), as the Web Audio decoder rejects both.
 */
import { readFile, stat } from 'node:fs/promises';
import { OfflineAudioContext } from './web-audio.js';
import { parseBuffer } from 'music-metadata';
import { AudiioError, errorMessage } from '../errors.js';
import type { DecodedAudio } from './types.js';
import { prepareForDecoder } from './containers.js';

/** Default analysis sample rate, Hz: the mono signal the features read is at this rate. */
export const ANALYSIS_RATE = 22050;
/**
 * Largest full-band (44.1 kHz) decode, in samples over all channels (15 min of 48 kHz stereo,
 * 346 MB of float32); larger files are decoded straight to the analysis rate.
 */
export const MAX_NATIVE_SAMPLES = 15 * 60 * 48000 * 2;
/** Files whose estimated duration exceeds this many seconds are decoded at {@link LONG_FILE_RATE}. */
export const LONG_FILE_SEC = 15 * 60;
/** Decode rate for long files, Hz (keeps a one-hour stereo file at 318 MB of PCM). */
export const LONG_FILE_RATE = 11025;
/** Shortest decoded audio that is analysed, seconds; shorter gives AUDIO_UNUSABLE. */
export const MIN_DURATION_SEC = 0.05;

/** What the file itself says about its stream (read from its header, before decoding). */
export interface NativeFormat {
  /** Sample rate of the stream, Hz, when the header tells it. */
  sampleRate?: number;
  /** Channels of the stream, when the header tells it. */
  channels?: number;
  /** Duration in seconds, when the header tells it. */
  durationSec?: number;
}

/** A decoded file plus what its header said. */
export interface DecodeResult {
  /** PCM at the decode rate (native by default; see {@link DecodeOptions.sampleRate}), all channels. */
  decoded: DecodedAudio;
  /** Rate the analysis should bring the mono signal to, Hz ({@link ANALYSIS_RATE}, or {@link LONG_FILE_RATE} for long files). */
  analysisRate: number;
  /** Header facts (native sample rate, channels). */
  native: NativeFormat;
  /**
   * What the decoder had to give up, in words (e.g. `truncated at 71.2 s: the rest does not
   * decode`); empty when the whole file decoded.
   */
  warnings: string[];
}

/** Options of {@link decodeAudio}. */
export interface DecodeOptions {
  /**
   * Decode (resample) to this rate, Hz, which is then also the analysis rate. Default: 44.1 kHz
   * or the native rate (analysis at {@link ANALYSIS_RATE}; see the module doc), or
   * {@link LONG_FILE_RATE} for long files.
   */
  sampleRate?: number;
  /** Name used in error messages when the input is a buffer. */
  name?: string;
  /**
   * What the file's header says, when the caller has parsed it already (e.g. with the tags:
   * analysis/tags.ts readTagsAndFormat); skips a second parse of the header.
   */
  native?: NativeFormat;
}

/** Source accepted by the analysis functions: a file path or the file's bytes. */
export type AudioSource = string | Uint8Array | ArrayBuffer;

/** Reads a file's bytes, mapping I/O errors to FILE_UNREADABLE / DECODE_FAILED naming the file. */
export async function readAudioBytes(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new AudiioError('FILE_UNREADABLE', 'is a directory, not an audio file', { path });
    bytes = await readFile(path);
  } catch (err) {
    if (err instanceof AudiioError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : `cannot read file (${errorMessage(err)})`;
    throw new AudiioError('FILE_UNREADABLE', why, { path, cause: err });
  }
  return bytes;
}

async function probe(bytes: Uint8Array): Promise<NativeFormat> {
  try {
    const meta = await parseBuffer(bytes, undefined, { duration: false, skipCovers: true, skipPostHeaders: true });
    const f = meta.format;
    return { sampleRate: f.sampleRate, channels: f.numberOfChannels, durationSec: f.duration };
  } catch {
    return {};
  }
}

/** Estimated duration in seconds: the header's, else from size and bitrate, else a pessimistic 64 kbit/s guess. */
function estimateDurationSec(bytes: number, native: NativeFormat): number {
  if (native.durationSec && Number.isFinite(native.durationSec)) return native.durationSec;
  return bytes / 8000;
}

/**
 * Decode rate of a file that is not long: its native rate when that is 22 050 or 44 100 Hz
 * (no resampling at all); 44 100 Hz for other rates above 22 050 (48, 96, 192 kHz…: the
 * decoder's resampler, cheaper than ours for arbitrary ratios, keeps the whole audible band
 * for loudness); the native rate below 22 050 Hz (the analysis signal is then upsampled by
 * audio/resample.ts); {@link ANALYSIS_RATE} for an unknown rate, or when the PCM would exceed
 * {@link MAX_NATIVE_SAMPLES}.
 */
function fullBandRate(native: NativeFormat, estSec: number): number {
  const sr = native.sampleRate;
  if (!sr) return ANALYSIS_RATE;
  if (sr <= ANALYSIS_RATE) return sr >= 3000 ? sr : ANALYSIS_RATE; // loudness at the file's own rate, as ebur128 measures it
  const rate = 2 * ANALYSIS_RATE;
  return estSec * rate * (native.channels ?? 2) <= MAX_NATIVE_SAMPLES ? rate : ANALYSIS_RATE;
}

/** Bytes of MP3 decoded per call for long files (≈ 4–5 min at 128 kbit/s). */
const MP3_CHUNK_BYTES = 4 * 1024 * 1024;

function isMp3(b: Uint8Array): boolean {
  return (b[0] === 0x49 && b[1] === 0x44 && b[2] === 0x33) || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0);
}

async function decodeWhole(bytes: Uint8Array, rate: number): Promise<Float32Array[]> {
  // decodeAudioData detaches the ArrayBuffer it is given: hand it a private copy.
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const buffer = await new OfflineAudioContext(1, 1, rate).decodeAudioData(ab);
  const channels: Float32Array[] = [];
  for (let c = 0; c < buffer.numberOfChannels; c++) channels.push(pinnedChannel(buffer, c));
  return channels;
}

/**
 * Channel `c` of a decoded AudioBuffer without copying it. `getChannelData` returns a view of
 * memory owned by the native AudioBuffer, which is freed when that buffer is garbage-collected
 * (the view's contents then change under it: seen in a test with forced GC). The AudioBuffer is
 * therefore attached to the view's ArrayBuffer as a hidden property, so it lives exactly as long
 * as any view of the samples. Saves copying ~10 MB per 30 s of 44.1 kHz stereo.
 */
function pinnedChannel(buffer: AudioBuffer, c: number): Float32Array {
  const view = buffer.getChannelData(c);
  Object.defineProperty(view.buffer, PCM_OWNER, { value: buffer });
  return view;
}

/** Key of the hidden property that ties decoded samples to the AudioBuffer that owns them. */
const PCM_OWNER = Symbol('audiio-ml.pcmOwner');

/**
 * Long MP3s are decoded in byte chunks (the decoder resynchronises on frame
 * headers; a boundary loses at most a frame, ~26 ms), so the decoder never holds
 * the whole file at its native rate: a one-hour 44.1 kHz stereo file would
 * otherwise peak at ~2.7 GB.
 */
async function decodeMp3Chunked(bytes: Uint8Array, rate: number, warnings: string[]): Promise<Float32Array[]> {
  const parts: Float32Array[][] = [];
  let total = 0;
  const at = () => `${(total / rate).toFixed(1)} s`;
  for (let off = 0; off < bytes.byteLength; off += MP3_CHUNK_BYTES) {
    const chunk = bytes.subarray(off, Math.min(bytes.byteLength, off + MP3_CHUNK_BYTES));
    let chs: Float32Array[];
    try {
      chs = await decodeWhole(chunk, rate);
    } catch (err) {
      if (off === 0) throw err;
      // A damaged tail: keep what decoded, and say so.
      const why = errorMessage(err).replace(/^Failed to execute 'decodeAudioData': /, '');
      warnings.push(`truncated at ${at()}: the rest of the file (from byte ${off}) does not decode (${why})`);
      break;
    }
    if (parts.length && chs.length !== parts[0].length) {
      warnings.push(`truncated at ${at()}: the stream changes from ${parts[0].length} to ${chs.length} channels there`);
      break;
    }
    parts.push(chs);
    total += chs[0]?.length ?? 0;
  }
  const nCh = parts[0]?.length ?? 0;
  const out = Array.from({ length: nCh }, () => new Float32Array(total));
  let pos = 0;
  for (let i = 0; i < parts.length; i++) {
    for (let c = 0; c < nCh; c++) out[c].set(parts[i][c], pos);
    pos += parts[i][0].length;
    parts[i] = [];
  }
  return out;
}

/**
 * True when every sample is finite: the float64 sum of float32 samples cannot overflow
 * (|x| < 3.5e38, fewer than 1e15 samples), so it is non-finite exactly when some sample is NaN
 * or ±∞. Four running sums keep the CPU's adders busy (~2× faster than one). The n mod 4
 * leading samples are summed first: a remainder loop after the main one is first reached in
 * optimised code, which then deoptimised on every call for want of type feedback.
 */
export function allFinite(x: Float32Array): boolean {
  const n = x.length;
  const head = n % 4;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let i = 0; i < head; i++) s0 += x[i];
  for (let i = head; i < n; i += 4) {
    s0 += x[i];
    s1 += x[i + 1];
    s2 += x[i + 2];
    s3 += x[i + 3];
  }
  return Number.isFinite(s0 + s1 + s2 + s3);
}

/**
 * Decodes a file (path or bytes) to PCM (rate: see the module doc), all channels kept.
 * Throws AudiioError FILE_UNREADABLE (cannot read), DECODE_FAILED (empty or not
 * audio the decoder understands) or AUDIO_UNUSABLE (decodes to less than
 * {@link MIN_DURATION_SEC}, or to NaN or infinite samples), each naming the file.
 */
export async function decodeAudio(src: AudioSource, opts: DecodeOptions = {}): Promise<DecodeResult> {
  const r = await decodeUnchecked(src, opts);
  for (const ch of r.decoded.channels) if (!allFinite(ch)) throw nonFiniteError(sourceName(src, opts));
  return r;
}

/** Name of a source in error messages. */
export function sourceName(src: AudioSource, opts: DecodeOptions): string {
  return typeof src === 'string' ? src : (opts.name ?? '<buffer>');
}

/** The AUDIO_UNUSABLE error for decoded audio with NaN or infinite samples. */
export function nonFiniteError(path: string): AudiioError {
  return new AudiioError('AUDIO_UNUSABLE', 'decoded audio contains NaN or infinite samples', { path });
}

/**
 * {@link decodeAudio} without the check for NaN and infinite samples, for a caller that checks
 * them itself more cheaply (features/extract.ts checks the analysis signal, which every sample
 * of every channel flows into).
 */
export async function decodeUnchecked(src: AudioSource, opts: DecodeOptions = {}): Promise<DecodeResult> {
  const path = sourceName(src, opts);
  const bytes = typeof src === 'string' ? await readAudioBytes(src) : src instanceof ArrayBuffer ? new Uint8Array(src) : src;
  if (bytes.byteLength === 0) throw new AudiioError('DECODE_FAILED', 'file is empty (0 bytes)', { path });
  const native = opts.native ?? (await probe(bytes));
  const estSec = estimateDurationSec(bytes.byteLength, native);
  const long = estSec > LONG_FILE_SEC;
  const analysisRate = opts.sampleRate ?? (long ? LONG_FILE_RATE : ANALYSIS_RATE);
  const rate = opts.sampleRate ?? (long ? LONG_FILE_RATE : fullBandRate(native, estSec));
  let channels: Float32Array[];
  const warnings: string[] = [];
  try {
    channels =
      rate <= LONG_FILE_RATE && isMp3(bytes) && bytes.byteLength > MP3_CHUNK_BYTES
        ? await decodeMp3Chunked(bytes, rate, warnings)
        : await decodeWhole(await prepareForDecoder(bytes, path), rate);
  } catch (err) {
    if (err instanceof AudiioError) throw err;
    const msg = errorMessage(err).replace(/^Failed to execute 'decodeAudioData': /, '');
    throw new AudiioError('DECODE_FAILED', `not a decodable audio file (${msg})`, { path, cause: err });
  }
  const buffer = { length: channels[0]?.length ?? 0, sampleRate: rate };
  const durationSec = buffer.length / buffer.sampleRate;
  if (channels.length === 0 || durationSec < MIN_DURATION_SEC) {
    throw new AudiioError(
      'AUDIO_UNUSABLE',
      `decoded audio is too short to analyse (${durationSec.toFixed(3)} s; at least ${MIN_DURATION_SEC} s needed)`,
      { path },
    );
  }
  return { decoded: { sampleRate: rate, channels, durationSec }, analysisRate, native, warnings };
}
