import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OfflineAudioContext } from './web-audio.js';
import { isOggOpus, moovFirst, oggOpusToWav, oggPackets, prepareForDecoder } from './containers.js';
import { encodeWav } from './wav.js';
import { ffmpegEncoders, tempDir, writeSongWav } from '@audiio-ml/synth';

const enc = ffmpegEncoders(['aac', 'libopus']);

async function decodeSeconds(bytes: Uint8Array): Promise<number> {
  const ctx = new OfflineAudioContext(1, 1, 22050);
  const b = await ctx.decodeAudioData(bytes.slice().buffer);
  return b.duration;
}

describe('containers', () => {
  it('leaves other files alone', async () => {
    const wav = encodeWav([new Float32Array(100)], 8000);
    expect(isOggOpus(wav)).toBe(false);
    expect(moovFirst(wav)).toBeUndefined();
    expect(await prepareForDecoder(wav, 'x.wav')).toBe(wav);
    expect(moovFirst(new Uint8Array(0))).toBeUndefined();
  });

  it.skipIf(!enc.has('aac'))('moves moov before mdat so an ffmpeg-default M4A decodes, with the same audio', async () => {
    const dir = tempDir('audiio-mp4-');
    const wav = await writeSongWav(join(dir, 's.wav'), { tempo: 100, key: 0, mode: 1, drums: true, timbre: 'piano', durationSec: 3, sampleRate: 22050 });
    const late = join(dir, 'late.m4a');
    const fast = join(dir, 'fast.m4a');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', wav, '-c:a', 'aac', late]);
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', wav, '-c:a', 'aac', '-movflags', '+faststart', fast]);
    const lateBytes = new Uint8Array(readFileSync(late));
    await expect(decodeSeconds(lateBytes)).rejects.toThrow(/moov/); // the decoder's limitation this works around
    const fixed = moovFirst(lateBytes)!;
    expect(fixed).toBeDefined();
    // The input is left as it was, also when it is a Node Buffer (whose slice() is a view).
    const asBuffer = readFileSync(late);
    expect(moovFirst(asBuffer)).toEqual(fixed);
    expect(asBuffer.equals(readFileSync(late))).toBe(true);
    expect(fixed.length).toBe(lateBytes.length);
    // Same layout as ffmpeg's own faststart (moov first): identical bytes except where the muxers differ in padding.
    expect(moovFirst(new Uint8Array(readFileSync(fast)))).toBeUndefined();
    expect(await decodeSeconds(fixed)).toBeCloseTo(await decodeSeconds(new Uint8Array(readFileSync(fast))), 2);
  });

  it.skipIf(!enc.has('libopus'))('decodes Ogg Opus to WAV; garbage after an Opus header fails clearly', async () => {
    const dir = tempDir('audiio-opus-');
    const wav = await writeSongWav(join(dir, 's.wav'), { tempo: 100, key: 0, mode: 1, drums: true, timbre: 'pad', durationSec: 2, sampleRate: 48000 });
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', wav, '-c:a', 'libopus', join(dir, 's.opus')]);
    const opus = new Uint8Array(readFileSync(join(dir, 's.opus')));
    expect(isOggOpus(opus)).toBe(true);
    const out = await oggOpusToWav(opus, 's.opus');
    expect(await decodeSeconds(out)).toBeCloseTo(2, 1);
    const broken = opus.slice(0, 80); // the header pages only
    await expect(oggOpusToWav(broken, '/m/broken.opus')).rejects.toThrow(/broken\.opus.*Opus/);
  });
});

/** One Ogg page (RFC 3533 header, CRC left 0: the demuxer does not check it). */
function oggPage(serial: number, segments: number[], body: Uint8Array, continued = false): Uint8Array {
  const head = new Uint8Array(27 + segments.length);
  head.set([0x4f, 0x67, 0x67, 0x53]); // OggS
  head[5] = continued ? 1 : 0;
  new DataView(head.buffer).setUint32(14, serial, true);
  head[26] = segments.length;
  head.set(segments, 27);
  const page = new Uint8Array(head.length + body.length);
  page.set(head);
  page.set(body, head.length);
  return page;
}

describe('oggPackets', () => {
  it('joins a packet that spans pages, ignores other streams, and keeps complete packets of a truncated file', () => {
    const big = new Uint8Array(300).fill(7); // 255 + 45: spans two pages
    const pages = [
      oggPage(1, [3], new Uint8Array([1, 2, 3])),
      oggPage(2, [2], new Uint8Array([9, 9])), // another logical stream
      oggPage(1, [255], big.subarray(0, 255)),
      oggPage(1, [45, 1], new Uint8Array([...big.subarray(255), 42]), true),
    ];
    const bytes = new Uint8Array(pages.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of pages) {
      bytes.set(p, at);
      at += p.length;
    }
    const packets = oggPackets(bytes);
    expect(packets.map((p) => p.length)).toEqual([3, 300, 1]);
    expect(Array.from(packets[0])).toEqual([1, 2, 3]);
    expect(packets[1].every((x) => x === 7)).toBe(true);
    expect(oggPackets(bytes.subarray(0, bytes.length - 10)).map((p) => p.length)).toEqual([3]);
  });
});
