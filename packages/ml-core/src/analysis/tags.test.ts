import { describe, expect, it } from 'vitest';
import { readTags, readTagsAndFormat, tagsFromFileName } from './tags.js';
import { extractFeatures } from '../features/extract.js';
import { encodeWav } from '../audio/wav.js';

describe('tagsFromFileName', () => {
  it('reads "Artist - Title", drops track numbers and underscores', () => {
    expect(tagsFromFileName('/m/Daft Punk - One More Time.mp3')).toEqual({ artist: 'Daft Punk', title: 'One More Time' });
    expect(tagsFromFileName('/m/03 - Nina Simone - Feeling Good.flac')).toEqual({ artist: 'Nina Simone', title: 'Feeling Good' });
    expect(tagsFromFileName('/m/07. Some_Artist - Some_Title.ogg')).toEqual({ artist: 'Some Artist', title: 'Some Title' });
    expect(tagsFromFileName('/m/A - B - C.wav')).toEqual({ artist: 'A', title: 'B - C' });
  });
  it('uses the whole name as title otherwise', () => {
    expect(tagsFromFileName('/m/untitled.wav')).toEqual({ artist: null, title: 'untitled' });
    expect(tagsFromFileName('/m/1999.mp3')).toEqual({ artist: null, title: '1999' });
    expect(tagsFromFileName('/m/Hyphen-ated.mp3')).toEqual({ artist: null, title: 'Hyphen-ated' });
  });
});

describe('readTags', () => {
  it('falls back to the file name for untagged WAV and gives the header duration', async () => {
    const wav = encodeWav([new Float32Array(16000)], 8000, 16);
    const t = await readTags(wav, '/music/Artist Name - Song Name.wav');
    expect(t).toMatchObject({ artist: 'Artist Name', title: 'Song Name', album: null, genre: null, year: null });
    expect(t.durationSec).toBeCloseTo(2, 3);
  });
  it('never throws on garbage: only the file-name guess', async () => {
    const t = await readTags(new Uint8Array([1, 2, 3]), '/music/x - y.mp3');
    expect(t).toMatchObject({ artist: 'x', title: 'y', durationSec: null });
  });
  it('also gives the stream format from the same parse, which extractFeatures takes instead of parsing again', async () => {
    const wav = encodeWav([new Float32Array(48000), new Float32Array(48000)], 48000, 16);
    const { tags, native } = await readTagsAndFormat(wav, '/music/a.wav');
    expect(native).toEqual({ sampleRate: 48000, channels: 2, durationSec: 1 });
    expect(tags.durationSec).toBe(1);
    const a = await extractFeatures(wav, { name: 'a.wav', native });
    expect(a).toMatchObject({ sampleRate: 48000, channels: 2 });
    expect((await readTagsAndFormat(new Uint8Array([1, 2, 3]), '/music/x.mp3')).native).toEqual({});
  });
});
