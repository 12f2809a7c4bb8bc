/**
 * Reading the values of export records: trimmed text, MusicBrainz ids, numbers, UTC dates, and the
 * text of source keys.
 */

/** A string value trimmed, or null when it is not a string or is empty. */
export function textOf(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A MusicBrainz / MessyBrainz id (a UUID) in lower case, or null when `v` is not one. */
export function uuidOf(v: unknown): string | null {
  const t = textOf(v)?.toLowerCase() ?? null;
  return t !== null && UUID.test(t) ? t : null;
}

/** A finite number given as a number or a numeric string, or null. */
export function numberOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** A plain object (not an array, not null), for reading a JSON value's fields. */
export function objectOf(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/**
 * The text a source key is made of: NFC, spaces collapsed, lower case. Deliberately *not* the
 * matcher's normalisation, which may evolve: keys must stay the same across audiio-ml versions.
 */
export function keyText(s: string | null): string {
  return s === null ? '' : s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A valid UTC date-time → epoch ms, or null (month 0–11; 29 February only in leap years). */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  if (mo < 0 || mo > 11 || d < 1 || d > DAYS_IN_MONTH[mo] || h > 23 || mi > 59 || s > 60) return null;
  if (mo === 1 && d === 29 && (y % 4 !== 0 || (y % 100 === 0 && y % 400 !== 0))) return null;
  return Date.UTC(y, mo, d, h, mi, s);
}

/** `31 Jan 2021 12:34`, `31 Jan 2021, 12:34` or with seconds (Last.fm's date text, UTC) → epoch ms, or null. */
export function lastfmDateMs(s: string): number | null {
  const m = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
  if (!m) return null;
  const mo = MONTHS[m[2].toLowerCase()];
  return mo === undefined ? null : utcMs(+m[3], mo, +m[1], +m[4], +m[5], m[6] ? +m[6] : 0);
}

/**
 * An ISO-8601 date-time → epoch ms, or null. A time without a zone is read as UTC (Spotify's `ts`
 * is UTC and says so with `Z`; `endTime` of the older format, `2020-01-01 12:34`, has no zone).
 */
export function isoUtcMs(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(s.trim());
  if (!m) return null;
  const base = utcMs(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0);
  if (base === null) return null;
  const frac = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  const zone = m[8];
  if (!zone || zone.toUpperCase() === 'Z') return base + frac;
  const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!z) return null;
  const offsetMin = (+z[2] * 60 + +z[3]) * (z[1] === '-' ? -1 : 1);
  return base + frac - offsetMin * 60_000;
}
