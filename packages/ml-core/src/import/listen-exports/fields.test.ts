import { describe, expect, it } from 'vitest';
import { isoUtcMs, keyText, lastfmDateMs, numberOf, textOf, uuidOf } from './fields.js';

describe('isoUtcMs', () => {
  it.each<[string, number | null]>([
    ['2023-02-22T07:01:41Z', Date.UTC(2023, 1, 22, 7, 1, 41)],
    ['2020-01-01 12:34', Date.UTC(2020, 0, 1, 12, 34)],
    ['2023-02-22T07:01:41', Date.UTC(2023, 1, 22, 7, 1, 41)],
    ['2023-02-22T07:01:41.250Z', Date.UTC(2023, 1, 22, 7, 1, 41, 250)],
    ['2023-02-22T09:01:41+02:00', Date.UTC(2023, 1, 22, 7, 1, 41)],
    ['2023-02-22T07:01:41-0130', Date.UTC(2023, 1, 22, 8, 31, 41)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2000-02-29 00:00', Date.UTC(2000, 1, 29)],
    ['2023-02-29T00:00:00Z', null],
    ['1900-02-29 00:00', null],
    ['2023-04-31T00:00:00Z', null],
    ['2023-13-01T00:00:00Z', null],
    ['yesterday', null],
  ])('%s', (text, ms) => expect(isoUtcMs(text)).toBe(ms));
});

describe('lastfmDateMs', () => {
  it.each<[string, number | null]>([
    ['31 Jan 2021 12:34', Date.UTC(2021, 0, 31, 12, 34)],
    ['1 Feb 2021, 08:05', Date.UTC(2021, 1, 1, 8, 5)],
    ['14 Nov 2023, 22:13:09', Date.UTC(2023, 10, 14, 22, 13, 9)],
    ['01 Sept 2021 10:00', Date.UTC(2021, 8, 1, 10)],
    ['31 Feb 2021 12:34', null],
    ['31 Foo 2021 12:34', null],
    ['2021-01-31 12:34', null],
  ])('%s', (text, ms) => expect(lastfmDateMs(text)).toBe(ms));
});

describe('values', () => {
  it('reads text, ids, numbers and key text', () => {
    expect([textOf('  a  '), textOf(''), textOf('   '), textOf(3), textOf(null)]).toEqual(['a', null, null, null, null]);
    expect(uuidOf(' 0F1E2D3C-4B5A-4978-8796-A5B4C3D2E1F0 ')).toBe('0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0');
    expect([uuidOf('not-a-uuid'), uuidOf(''), uuidOf(42)]).toEqual([null, null, null]);
    expect([numberOf(5), numberOf('261000'), numberOf(' '), numberOf('x'), numberOf(Infinity), numberOf(null)]).toEqual([5, 261000, null, null, null, null]);
    expect(keyText('  Sigur   Ro\u0301s ')).toBe('sigur rós');
    expect(keyText(null)).toBe('');
  });
});
