/**
 * Splitting streamed text into records without holding the whole file: lines (JSON Lines), and
 * the entries of a top-level JSON array (each entry's text, to `JSON.parse` on its own, so that a
 * malformed entry is reported and the rest still reads).
 */
import { AudiioError } from '../../errors.js';

/** Longest line or array entry accepted, in UTF-16 code units (a guard against a file with no line breaks). */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;

/** Splits text pushed in chunks into lines (`\n` or `\r\n`; a leading BOM is dropped). */
export class LineSplitter {
  private rest = '';
  private started = false;

  /** @param file names the file in errors. */
  constructor(private readonly file: string) {}

  /** The lines completed by `chunk`. */
  push(chunk: string): string[] {
    let text = this.rest + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const lines: string[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      lines.push(text.slice(start, end));
      start = nl + 1;
    }
    this.rest = text.slice(start);
    if (this.rest.length > MAX_RECORD_CHARS) throw new AudiioError('BAD_FILE', `a line is longer than ${MAX_RECORD_CHARS} characters: not a line-based file`, { path: this.file });
    return lines;
  }

  /** The last line, when the text does not end with a line break. */
  end(): string[] {
    const last = this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest;
    this.rest = '';
    return last === '' ? [] : [last];
  }
}

/** How a JSON array's text ended: after its `]`, without it, inside an entry, or before its `[`. */
export type ArrayEnd = 'closed' | 'unclosed' | 'truncated' | 'empty';

const enum S {
  BeforeArray,
  BetweenEntries,
  InEntry,
  Done,
}

/**
 * Splits the text of a JSON array, pushed in chunks, into the texts of its top-level entries
 * (objects, arrays, strings, numbers or literals, with their nesting and string escapes tracked).
 * Text after the closing `]` is ignored.
 */
export class JsonArraySplitter {
  private buf = '';
  private pos = 0;
  private start = 0;
  private state = S.BeforeArray;
  private depth = 0;
  private inString = false;

  /** @param file names the file in errors. */
  constructor(private readonly file: string) {}

  /**
   * The entries completed by `chunk`, as JSON texts.
   *
   * @throws AudiioError `BAD_FILE` when the text does not begin with `[`, or an entry exceeds {@link MAX_RECORD_CHARS}.
   */
  push(chunk: string): string[] {
    if (this.state === S.Done) return [];
    const b = this.buf + chunk;
    const n = b.length;
    const out: string[] = [];
    let i = this.pos;
    scan: while (i < n) {
      if (this.state === S.BeforeArray) {
        const c = b.charCodeAt(i);
        if (c === 0x5b) this.state = S.BetweenEntries;
        else if (!(c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff)) {
          throw new AudiioError('BAD_FILE', 'not a JSON array (expected the file to begin with "[")', { path: this.file });
        }
        i++;
        continue;
      }
      if (this.state === S.BetweenEntries) {
        const c = b.charCodeAt(i);
        if (c === 0x5d) {
          this.state = S.Done;
          break;
        }
        if (c === 0x2c || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
          i++;
          continue;
        }
        this.state = S.InEntry;
        this.start = i;
        this.depth = 0;
        this.inString = false;
        continue;
      }
      // InEntry
      if (this.inString) {
        let q = b.indexOf('"', i);
        while (q !== -1) {
          let k = q - 1;
          while (k >= this.start && b.charCodeAt(k) === 0x5c) k--;
          if ((q - 1 - k) % 2 === 0) break;
          q = b.indexOf('"', q + 1);
        }
        if (q === -1) {
          i = n;
          break;
        }
        this.inString = false;
        i = q + 1;
        if (this.depth === 0) this.emit(b, i, out);
        continue;
      }
      const c = b.charCodeAt(i);
      switch (c) {
        case 0x22:
          this.inString = true;
          break;
        case 0x7b:
        case 0x5b:
          this.depth++;
          break;
        case 0x7d:
        case 0x5d:
          if (this.depth === 0) {
            // the array's `]` right after a number or literal entry
            this.emit(b, i, out);
            this.state = S.Done;
            break scan;
          }
          if (--this.depth === 0) {
            this.emit(b, i + 1, out);
          }
          break;
        case 0x2c:
          if (this.depth === 0) this.emit(b, i, out);
          break;
      }
      i++;
    }
    if (this.state === S.InEntry) {
      this.buf = b.slice(this.start);
      this.pos = i - this.start;
      this.start = 0;
      if (this.buf.length > MAX_RECORD_CHARS) {
        throw new AudiioError('BAD_FILE', `an array entry is longer than ${MAX_RECORD_CHARS} characters`, { path: this.file });
      }
    } else {
      this.buf = '';
      this.pos = 0;
    }
    return out;
  }

  private emit(b: string, end: number, out: string[]): void {
    out.push(b.slice(this.start, end).trim());
    this.state = S.BetweenEntries;
  }

  /** How the text ended (call after the last chunk). */
  end(): ArrayEnd {
    switch (this.state) {
      case S.Done:
        return 'closed';
      case S.BetweenEntries:
        return 'unclosed';
      case S.InEntry:
        return 'truncated';
      default:
        return 'empty';
    }
  }
}
