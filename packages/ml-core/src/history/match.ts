/**
 * Matching an exported listen (ListenBrainz, Last.fm, Spotify) to a library track.
 *
 * A listen is matched by its MusicBrainz recording id when it has one and a library track carries
 * the same id; otherwise by its artist and title, both normalised so that the spellings players and
 * services give the same song compare equal. The rules, in the order they are applied:
 *
 * 1. **Characters.** Lower case; Unicode NFKD with combining marks removed, so `Beyoncé` = `Beyonce`,
 *    `Sigur Rós` = `Sigur Ros`, full-width and ligature forms = their plain letters; letters NFKD
 *    does not decompose are folded too (`ø`→o, `æ`→ae, `œ`→oe, `ß`→ss, `đ`/`ð`→d, `ł`→l, `þ`→th);
 *    curly quotes and dashes become plain ones.
 * 2. **Featured artists are dropped**, in the artist and in the title, bracketed or not:
 *    `A feat. B`, `A ft. B`, `A featuring B`, `A (feat. B)` → `A`; `Song (feat. B)`, `Song [ft. B]`,
 *    `Song (with B)` and `Song feat. B` → `Song` (unbracketed in a title: up to a ` - ` or a bracket).
 * 3. **Version suffixes are dropped from titles** (the *loose* title; see rule 8): a bracketed part
 *    anywhere, or a ` - ` suffix at the end (repeatedly), whose whole text is a version note:
 *    remasters (`Remastered`, `Remastered 2011`, `2011 Remaster`, `2009 Digital Remaster`,
 *    `Remastered Version`), live recordings (`Live`, `Live at …`, `Live in …`, `Live from …`,
 *    `Live 1975`, `Recorded Live …`), edits and mixes of the same recording (`Radio Edit`,
 *    `Single Version`, `Album Version`, `Original Mix`, `Mono`, `Stereo`, `Mono Version`), editions
 *    (`Deluxe`, `Deluxe Edition`, `Expanded Edition`, `25th Anniversary Edition`, `Bonus Track`),
 *    `Explicit`, `Clean`, and soundtrack notes (`From "Film"`, `From the Motion Picture …`). Parts
 *    joined by `/`, `;` or `,` are dropped when each part is one of these (`(Remastered 2011 / Mono)`).
 *    **Remixes are not dropped**: `Song (X Remix)` and `Song - X Remix` are different recordings
 *    and do not match `Song`; nor do `Acoustic`, `Instrumental`, `Demo`, `Extended Mix`, `Edit`
 *    alone or any other bracket.
 * 4. **`&`, `+` and `'n'` read as `and`** (`Simon & Garfunkel` = `Simon and Garfunkel`,
 *    `Florence + the Machine` = `Florence and the Machine`, `Rock 'n' Roll` = `Rock and Roll`).
 * 5. **A leading `The ` is dropped from artists** (`The Beatles` = `Beatles`), and so is a library
 *    sort form's trailing `, The` (`Beatles, The`). Titles keep theirs.
 * 6. **Punctuation and white space are dropped** (everything but Unicode letters and digits), so
 *    `R.E.M.` = `REM`, `AC/DC` = `ACDC`, `Don't Stop` = `Dont Stop`. A name that is only punctuation
 *    (`!!!`) keeps its characters instead, so it still matches itself.
 * 7. **Lists of artists.** A library track whose artist lists several (`A & B`, `A, B`, `A; B`,
 *    `A / B`, `A + B`, `A x B`, `A vs. B`, `A feat. B`) is also found under its first artist, and an
 *    export naming several is also looked up by its first — after the whole name, never before.
 * 8. **Order of the name lookups** (the first that finds a track wins): the export's whole artist
 *    against the library's whole artists, exact title (rules 1, 2, 4, 6) then loose title (also
 *    rule 3); then against the library's first artists (rule 7), exact then loose; then the same
 *    four with the export's first artist. So `Song (Live)` finds the library's live track when
 *    there is one and its studio track otherwise.
 * 9. **Ties.** When several library tracks share the artist and title found, the album (normalised
 *    as a title, so `Abbey Road (Remastered)` = `Abbey Road`) breaks the tie: exactly one track on
 *    the listen's album → that one (`by: 'name+album'`); otherwise the lowest track id (string order)
 *    among those on the album, or among all of them when none is → `by: 'name'`. Deterministic.
 * 10. **MusicBrainz ids** compare case-insensitively; several library tracks with one id → the
 *    lowest id.
 *
 * Matching is O(1) per listen: the indexes are Maps built once by {@link createTrackMatcher}
 * (one entry per artist key holding the four title maps of rule 8), and a matcher caches the
 * candidates of every (artist, title) pair it has seen as the export spells them, so a history's
 * repeated listens cost one Map lookup each (the cache holds at most 500,000 pairs).
 */

/** A library track as the matcher needs it. */
export interface MatchableTrack {
  id: string;
  artist: string | null;
  title: string | null;
  album: string | null;
  /** MusicBrainz recording id, when the track's tags carry it. */
  mbid: string | null;
}

/** What of an exported listen the matcher reads (the fields of `RawListen` of the same names). */
export interface MatchQuery {
  artist: string | null;
  title: string | null;
  album: string | null;
  recordingMbid: string | null;
}

/** How a listen was matched: by MusicBrainz recording id, by artist + title, or with the album breaking a tie. */
export type MatchMethod = 'mbid' | 'name' | 'name+album';

/** A matched library track and how it was found (shared between calls: read-only). */
export interface TrackMatch {
  readonly trackId: string;
  readonly by: MatchMethod;
}

/** Matches exported listens to library tracks; build one with {@link createTrackMatcher}. */
export interface TrackMatcher {
  /** The library track of a listen, or null when none matches (see the rules in this module's documentation). */
  match(listen: MatchQuery): TrackMatch | null;
}

const FOLD: Record<string, string> = {
  ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i',
  '\u2018': "'", '\u2019': "'", '\u02bc': "'", '\u00b4': "'", '\u201c': '"', '\u201d': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u00d7': 'x',
};
const FOLD_CHARS = /[øæœßđðłþı\u2018\u2019\u02bc\u00b4\u201c\u201d\u2010-\u2014\u2212\u00d7]/g;
// eslint-disable-next-line no-control-regex -- the ASCII range, to skip folding of plain ASCII names
const ASCII = /^[\u0000-\u007f]*$/;

const UNEVEN_SPACE = /\s\s|[^\S ]/;
const ASCII_NON_ALNUM = /[^a-z0-9]+/g;
const NON_ALNUM = /[^\p{L}\p{N}]+/gu;

/** Rule 1: lower case, NFKD without combining marks, special letters, quotes and dashes; spaces collapsed. */
function fold(s: string): string {
  let t = s.toLowerCase();
  if (!ASCII.test(t)) t = t.normalize('NFKD').replace(/\p{M}+/gu, '').replace(FOLD_CHARS, (c) => FOLD[c] ?? c);
  if (UNEVEN_SPACE.test(t)) t = t.replace(/\s+/g, ' ');
  return t.trim();
}

/** Rule 6: only letters and digits remain; a name of punctuation only keeps its folded form. */
function compact(folded: string): string {
  const k = folded.replace(ASCII.test(folded) ? ASCII_NON_ALNUM : NON_ALNUM, '');
  return k === '' ? folded.replace(/\s+/g, '') : k;
}

/**
 * Lower-cased names none of whose characters or words any rule but 1 (case) and 6 (punctuation)
 * acts on: their key is their compact form. Most names are like this; the test is much cheaper
 * than the rules.
 */
// eslint-disable-next-line no-control-regex -- any character outside ASCII needs the full rules
const TITLE_NEEDS_RULES = /[^\u0000-\u007f]|[([&+]|\s-\s|\bf(?:ea)?t\b|\bfeaturing\b|'n'/;
// eslint-disable-next-line no-control-regex -- any character outside ASCII needs the full rules
const ARTIST_NEEDS_RULES = /[^\u0000-\u007f]|[([&+,;/]|^\s*the\s|\bf(?:ea)?t\b|\bfeaturing\b|\s(?:x|vs\.?)\s|'n'/;

/** Rule 4. */
function ands(s: string): string {
  let t = s;
  if (t.includes('&') || t.includes('+')) t = t.replace(/\s*(?:&|\+)\s*/g, ' and ');
  if (t.includes("'n'")) t = t.replace(/\s'n'\s/g, ' and ');
  return t;
}

const ARTIST_FEAT = /[\s([]+(?:feat|ft|featuring)\b.*$/;
const TITLE_FEAT_BRACKETED = /[([]\s*(?:feat|ft|featuring|with)\b[^)\]]*[)\]]?/g;
const TITLE_FEAT_BARE = /\s(?:feat|ft|featuring)\b\.?\s.*?(?=\s-\s|[([]|$)/g;

/** Rule 3: the text of a bracket or dash suffix that only notes a version of the same recording. */
const VERSION_NOTE = new RegExp(
  '^(?:' +
    [
      "(?:\\d{4} )?(?:digital(?:ly)? )?re-?master(?:ed)?(?: (?:in )?\\d{4})?(?: (?:version|edition|mix|mono|stereo))?(?: \\d{4})?",
      'live(?: (?:at|in|from|on|version|recording)\\b.*| \\d{4}.*)?',
      'recorded live\\b.*',
      '(?:radio|single|album|lp|original|clean|explicit|dirty|censored|uncensored|main|mono|stereo)(?: (?:edit|version|mix))?',
      "(?:\\d+(?:st|nd|rd|th) )?(?:(?:anniversary|deluxe|expanded|special|collector'?s|bonus|remastered) )+(?:edition|version|track|track version)",
      'deluxe',
      'bonus track',
      'from (?:the )?(?:original )?(?:motion picture|film|movie|soundtrack|musical|series|tv series|video game)\\b.*',
      'from ["\'].*',
    ].join('|') +
    ')$',
);

function isVersionNote(text: string): boolean {
  const t = text.trim();
  if (t === '') return false;
  if (VERSION_NOTE.test(t)) return true;
  const parts = t.split(/\s*[/;,]\s*/);
  return parts.length > 1 && parts.every((p) => p !== '' && VERSION_NOTE.test(p));
}

const BRACKET = /\s*[([]([^()[\]]*)[)\]]/g;

/** Rule 3 applied to a folded title with its featured artists removed. */
function stripVersions(t: string): string {
  let s = t.includes('(') || t.includes('[') ? t.replace(BRACKET, (m: string, inner: string) => (isVersionNote(inner) ? ' ' : m)) : t;
  for (;;) {
    const dash = s.lastIndexOf(' - ');
    if (dash <= 0 || !isVersionNote(s.slice(dash + 3))) break;
    s = s.slice(0, dash);
  }
  return s.trim();
}

const TITLE_FEAT_WORD = /\b(?:feat|ft|featuring|with)\b/;

/** Rules 1 and 2 for titles. */
function titleBase(s: string): string {
  const t = fold(s);
  if (!TITLE_FEAT_WORD.test(t)) return t;
  return t.replace(TITLE_FEAT_BRACKETED, ' ').replace(TITLE_FEAT_BARE, ' ').replace(/\s+/g, ' ').trim();
}

/** The exact (rules 1, 2, 4, 6) and loose (also rule 3) keys of a title. */
function titleKeys(s: string): [exact: string, loose: string] {
  const lower = s.toLowerCase();
  if (!TITLE_NEEDS_RULES.test(lower)) {
    const k = compact(lower.trim());
    return [k, k];
  }
  const base = titleBase(s);
  const exact = compact(ands(base));
  const stripped = stripVersions(base);
  // A title that is only a version note (`(Live)`) keeps it: an empty key would match nothing well.
  return [exact, stripped === base || stripped === '' ? exact : compact(ands(stripped))];
}

/**
 * The key a title is compared by: rules 1–4 and 6 of this module (case, diacritics, featured
 * artists, version suffixes such as `(Remastered 2011)` or `- Live`, `&`/`and`, punctuation and
 * spaces). Remixes keep their suffix. Empty for a title with no letters, digits or punctuation.
 */
export function normalizeTitle(s: string): string {
  return titleKeys(s)[1];
}

/**
 * The key an artist is compared by: rules 1, 2, 4, 5 and 6 of this module (case, diacritics,
 * featured artists, `&`/`and`, a leading `The `, punctuation and spaces). A list of artists stays
 * whole (`Simon & Garfunkel` → `simonandgarfunkel`); the matcher also tries its first artist.
 */
export function normalizeArtist(s: string): string {
  return artistKeys(s)[0];
}

const ARTIST_LIST_SEPARATOR = /\s*(?:,|;|\/|&|\+|\s(?:x|vs\.?|feat\.?|ft\.?|featuring)\s)\s*/;

/** Rules 2, 4, 5, 6 on a folded artist name. */
function artistKey(folded: string): string {
  return compact(ands(folded.replace(ARTIST_FEAT, '').replace(/^the\s+/, '').replace(/,\s*the$/, '').trim()));
}

/** The key of an artist name and, when it lists several (rule 7), of its first artist (else null). */
function artistKeys(s: string): [whole: string, first: string | null] {
  const lower = s.toLowerCase();
  if (!ARTIST_NEEDS_RULES.test(lower)) return [compact(lower.trim()), null];
  const t = fold(s);
  const whole = artistKey(t);
  const listed = t.replace(/,\s*the$/, '');
  const firstName = listed.split(ARTIST_LIST_SEPARATOR)[0];
  if (firstName === undefined || firstName === '' || firstName.length === listed.length) return [whole, null];
  const first = artistKey(firstName);
  return [whole, first === '' || first === whole ? null : first];
}

/** Library tracks sharing one artist + title key, lowest id first, with their album keys. */
interface Candidates {
  ids: string[];
  albums: (string | null)[];
  /** The answer when there is no tie to break: the lowest id, by name (made once, shared). */
  first: TrackMatch;
}

/**
 * The library's titles under one artist key, in the four lookups of rule 8: tracks whose whole
 * artist has this key, by exact and by loose title; tracks whose *first* artist has it (rule 7),
 * likewise. One Map lookup finds all four.
 */
type ArtistTitles = [exact: Map<string, Candidates>, loose: Map<string, Candidates>, firstExact: Map<string, Candidates>, firstLoose: Map<string, Candidates>];

/** Which of an {@link ArtistTitles}' maps. */
const enum Slot {
  Exact = 0,
  Loose = 1,
  FirstExact = 2,
  FirstLoose = 3,
}

const NONE = new Map<string, Candidates>();

function addTo(index: Map<string, ArtistTitles>, artist: string, slot: Slot, title: string, id: string, album: string | null): void {
  let entry = index.get(artist);
  if (!entry) index.set(artist, (entry = [NONE, NONE, NONE, NONE]));
  let byTitle = entry[slot];
  if (byTitle === NONE) entry[slot] = byTitle = new Map<string, Candidates>();
  const c = byTitle.get(title);
  if (!c) byTitle.set(title, { ids: [id], albums: [album], first: byName(id) });
  else if (!c.ids.includes(id)) {
    c.ids.push(id);
    c.albums.push(album);
  }
}

function sortCandidates(index: Map<string, ArtistTitles>): void {
  for (const entry of index.values()) {
    for (const byTitle of entry) {
      for (const c of byTitle.values()) {
        if (c.ids.length < 2) continue;
        const order = c.ids.map((_, i) => i).sort((a, b) => (c.ids[a] < c.ids[b] ? -1 : c.ids[a] > c.ids[b] ? 1 : 0));
        c.ids = order.map((i) => c.ids[i]);
        c.albums = order.map((i) => c.albums[i]);
        c.first = byName(c.ids[0]);
      }
    }
  }
}

function byName(trackId: string): TrackMatch {
  return Object.freeze({ trackId, by: 'name' as const });
}

/** Rule 9: the album (its key, or null) breaks a tie between candidates. */
function resolve(c: Candidates, album: string | null): TrackMatch {
  if (c.ids.length === 1 || album === null) return c.first;
  let first = -1;
  let count = 0;
  for (let i = 0; i < c.ids.length; i++) {
    if (c.albums[i] === album) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (count === 1) return { trackId: c.ids[first], by: 'name+album' };
  if (count > 1 && first > 0) return byName(c.ids[first]);
  return c.first;
}

/**
 * `fn` with its results cached: two generations of at most `limit` entries each; when the young
 * one fills, it becomes the old one and the oldest is dropped (names a history repeats stay cached;
 * memory stays bounded however many distinct names pass).
 */
function memo<T>(fn: (s: string) => T, limit = 250_000): (s: string) => T {
  let young = new Map<string, T>();
  let old = new Map<string, T>();
  return (s) => {
    let v = young.get(s);
    if (v !== undefined) return v;
    v = old.get(s) ?? fn(s);
    if (young.size >= limit) {
      old = young;
      young = new Map<string, T>();
    }
    young.set(s, v);
    return v;
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function mbidKey(s: string | null): string | null {
  if (s === null) return null;
  const k = s.trim().toLowerCase();
  return UUID.test(k) ? k : null;
}

/**
 * Builds a {@link TrackMatcher} over library tracks: indexes by MusicBrainz recording id, and by
 * normalised artist + title (exact and loose title, whole and first artist; see this module's
 * rules), built once. Tracks without an artist or a title are found by their mbid only.
 */
export function createTrackMatcher(tracks: readonly MatchableTrack[]): TrackMatcher {
  const byMbid = new Map<string, TrackMatch>();
  const byArtist = new Map<string, ArtistTitles>();
  for (const t of tracks) {
    const mbid = mbidKey(t.mbid);
    if (mbid !== null) {
      const had = byMbid.get(mbid);
      if (had === undefined || t.id < had.trackId) byMbid.set(mbid, Object.freeze({ trackId: t.id, by: 'mbid' as const }));
    }
    if (t.artist === null || t.title === null) continue;
    const [artist, first] = artistKeys(t.artist);
    const [exact, loose] = titleKeys(t.title);
    if (artist === '' || exact === '') continue;
    const album = t.album === null ? null : normalizeTitle(t.album) || null;
    addTo(byArtist, artist, Slot.Exact, exact, t.id, album);
    addTo(byArtist, artist, Slot.Loose, loose, t.id, album);
    if (first !== null) {
      addTo(byArtist, first, Slot.FirstExact, exact, t.id, album);
      addTo(byArtist, first, Slot.FirstLoose, loose, t.id, album);
    }
  }
  sortCandidates(byArtist);

  // An artist's keys serve all its titles; a title's are needed once per new pair (not cached).
  const artistKeysOf = memo(artistKeys);
  const albumKey = memo((s: string) => normalizeTitle(s) || null);

  function find(artist: string, exact: string, loose: string): Candidates | undefined {
    const e = byArtist.get(artist);
    return e && (e[Slot.Exact].get(exact) ?? e[Slot.Loose].get(loose) ?? e[Slot.FirstExact].get(exact) ?? e[Slot.FirstLoose].get(loose));
  }

  /** The candidates of an artist and title as the export spells them (rules 1–8). */
  function lookup(artist: string, title: string): Candidates | null {
    const [whole, first] = artistKeysOf(artist);
    if (whole === '') return null;
    const [exact, loose] = titleKeys(title);
    if (exact === '') return null;
    return find(whole, exact, loose) ?? (first !== null ? find(first, exact, loose) : undefined) ?? null;
  }

  // Listens repeat their (artist, title) pairs: the candidates are cached under the raw title, with
  // the artists met with it chained, so a repeated pair costs one Map lookup and a string compare.
  // Two generations of at most PAIR_CACHE pairs bound memory.
  interface Pair {
    artist: string;
    c: Candidates | null;
    next: Pair | undefined;
  }
  const PAIR_CACHE = 250_000;
  let young = new Map<string, Pair>();
  let old = new Map<string, Pair>();
  let youngSize = 0;
  function inChain(p: Pair | undefined, artist: string): Pair | undefined {
    while (p !== undefined && p.artist !== artist) p = p.next;
    return p;
  }
  function candidates(artist: string, title: string): Candidates | null {
    let head = young.get(title);
    const hit = inChain(head, artist);
    if (hit) return hit.c;
    const c = inChain(old.get(title), artist)?.c ?? lookup(artist, title);
    if (youngSize >= PAIR_CACHE) {
      old = young;
      young = new Map();
      youngSize = 0;
      head = undefined;
    }
    young.set(title, { artist, c, next: head });
    youngSize++;
    return c;
  }

  return {
    match(l) {
      if (l.recordingMbid !== null) {
        const m = byMbid.get(l.recordingMbid) ?? byMbid.get(mbidKey(l.recordingMbid) ?? '');
        if (m !== undefined) return m;
      }
      if (l.artist === null || l.title === null) return null;
      const c = candidates(l.artist, l.title);
      if (c === null) return null;
      return c.ids.length > 1 && l.album !== null ? resolve(c, albumKey(l.album)) : c.first;
    },
  };
}
