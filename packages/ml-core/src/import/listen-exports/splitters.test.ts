import { describe, expect, it } from 'vitest';
import { isAudiioError } from '../../errors.js';
import { JsonArraySplitter, LineSplitter } from './splitters.js';

/** Feeds `text` to a splitter cut at `cuts`, returning what it yielded and how it ended. */
function splitArray(text: string, cuts: number[]): { entries: string[]; end: string } {
  const s = new JsonArraySplitter('x.json');
  const entries: string[] = [];
  let from = 0;
  for (const at of [...cuts, text.length]) {
    entries.push(...s.push(text.slice(from, at)));
    from = at;
  }
  return { entries, end: s.end() };
}

const TRICKY = [
  { a: 'quote " inside', b: ['[', ']', '{', '}', ','] },
  { path: 'C:\\music\\', esc: '\\"', u: 'Beyoncé — 日本語 🎵' },
  [1, [2, [3]]],
  'a string entry',
  42,
  null,
  { empty: {}, list: [] },
];

describe('JsonArraySplitter', () => {
  const text = '\uFEFF \n[\n' + TRICKY.map((v) => '  ' + JSON.stringify(v, null, 1)).join(' ,\n') + '\n]\ntrailing text is ignored';

  it('splits top-level entries whatever the chunk boundaries', () => {
    const whole = splitArray(text, []);
    expect(whole.entries.map((e) => JSON.parse(e) as unknown)).toEqual(TRICKY);
    expect(whole.end).toBe('closed');
    for (let cut = 1; cut < text.length; cut++) {
      const got = splitArray(text, [cut]);
      expect(got.entries).toEqual(whole.entries);
    }
    const single = splitArray(text, Array.from({ length: text.length - 1 }, (_, i) => i + 1));
    expect(single.entries).toEqual(whole.entries);
  });

  it('reports how a text ended', () => {
    expect(splitArray('[]', []).end).toBe('closed');
    expect(splitArray('[{"a":1},', []).end).toBe('unclosed');
    expect(splitArray('[{"a":1},{"b":', [])).toEqual({ entries: ['{"a":1}'], end: 'truncated' });
    expect(splitArray('  ', []).end).toBe('empty');
    expect(splitArray('[1,2]', []).entries).toEqual(['1', '2']);
  });

  it('refuses a text that is not an array', () => {
    expect(() => new JsonArraySplitter('x.json').push('{"a":1}')).toThrowError(/x\.json: not a JSON array/);
    let thrown: unknown;
    try {
      new JsonArraySplitter('x.json').push('uts,artist');
    } catch (e) {
      thrown = e;
    }
    expect(isAudiioError(thrown, 'BAD_FILE')).toBe(true);
  });
});

describe('LineSplitter', () => {
  it('splits on LF and CRLF across chunks, drops a BOM, keeps blank lines, returns a last unterminated line', () => {
    const s = new LineSplitter('x');
    const out = [...s.push('\uFEFFone\r'), ...s.push('\ntwo\n\nthr'), ...s.push('ee\r\nfour'), ...s.end()];
    expect(out).toEqual(['one', 'two', '', 'three', 'four']);
    const t = new LineSplitter('x');
    expect([...t.push('a\n'), ...t.end()]).toEqual(['a']);
  });
});
