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
 * Matching is O(1) per listen: the indexes are Maps built once by {@link createTrackMatcher}, and
 * the normalised forms of the names a matcher has seen are cached (listen histories repeat names).
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

/** A matched library track and how it was found. */
export interface TrackMatch {
  trackId: string;
  by: MatchMethod;
}

/** Matches exported listens to library tracks; build one with {@link createTrackMatcher}. */
export interface TrackMatcher {
  /** The library track of a listen, or null when none matches (see the rules in this module's documentation). */
  match(listen: MatchQuery): TrackMatch | null;
}

const FOLD: Record<string, string> = {
  ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i',
  '\u2018': "'", '\u2019': "'", '\u02bc': "'", '\u00b4': "'", '`': "'", '\u201c': '"', '\u201d': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u00d7': 'x',
};
const FOLD_CHARS = /[øæœßđðłþı\u2018\u2019\u02bc\u00b4`\u201c\u201d\u2010-\u2014\u2212\u00d7]/g;
// eslint-disable-next-line no-control-regex -- the ASCII range, to skip folding of plain ASCII names
const ASCII = /^[\u0000-\u007f]*$/;

/** Rule 1: lower case, NFKD without combining marks, special letters, quotes and dashes; spaces collapsed. */
function fold(s: string): string {
  let t = s.toLowerCase();
  if (!ASCII.test(t)) t = t.normalize('NFKD').replace(/\p{M}+/gu, '').replace(FOLD_CHARS, (c) => FOLD[c] ?? c);
  return t.replace(/\s+/g, ' ').trim();
}

/** Rule 6: only letters and digits remain; a name of punctuation only keeps its folded form. */
function compact(folded: string): string {
  const k = folded.replace(/[^\p{L}\p{N}]+/gu, '');
  return k === '' ? folded.replace(/\s+/g, '') : k;
}

/** Rule 4. */
function ands(s: string): string {
  return s.replace(/\s*(?:&|\+)\s*/g, ' and ').replace(/\s'n'\s/g, ' and ');
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
  let s = t.replace(BRACKET, (m: string, inner: string) => (isVersionNote(inner) ? ' ' : m));
  for (;;) {
    const dash = s.lastIndexOf(' - ');
    if (dash <= 0 || !isVersionNote(s.slice(dash + 3))) break;
    s = s.slice(0, dash);
  }
  return s.trim();
}

/** Rules 1 and 2 for titles. */
function titleBase(s: string): string {
  return fold(s).replace(TITLE_FEAT_BRACKETED, ' ').replace(TITLE_FEAT_BARE, ' ').replace(/\s+/g, ' ').trim();
}

/** The exact (rules 1, 2, 4, 6) and loose (also rule 3) keys of a title. */
function titleKeys(s: string): [exact: string, loose: string] {
  const base = titleBase(s);
  return [compact(ands(base)), compact(ands(stripVersions(base)))];
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
  const t = fold(s).replace(ARTIST_FEAT, '').replace(/^the\s+/, '').replace(/,\s*the$/, '').trim();
  return compact(ands(t));
}

const ARTIST_LIST_SEPARATOR = /\s*(?:,|;|\/|&|\+|\s(?:x|vs\.?|feat\.?|ft\.?|featuring)\s)\s*/;

/** Rule 7: the key of the first artist of a list, or null when the name is not a list. */
function firstArtistKey(s: string): string | null {
  const t = fold(s).replace(/,\s*the$/, '');
  const first = t.split(ARTIST_LIST_SEPARATOR)[0];
  if (first === undefined || first === '' || first.length === t.length) return null;
  return normalizeArtist(first);
}

/** Library tracks sharing one artist + title key, lowest id first, with their album keys. */
interface Candidates {
  ids: string[];
  albums: (string | null)[];
}

type Index = Map<string, Map<string, Candidates>>;

function addTo(index: Index, artist: string, title: string, id: string, album: string | null): void {
  let byTitle = index.get(artist);
  if (!byTitle) index.set(artist, (byTitle = new Map()));
  const c = byTitle.get(title);
  if (!c) byTitle.set(title, { ids: [id], albums: [album] });
  else if (!c.ids.includes(id)) {
    c.ids.push(id);
    c.albums.push(album);
  }
}

function sortCandidates(index: Index): void {
  for (const byTitle of index.values()) {
    for (const c of byTitle.values()) {
      if (c.ids.length < 2) continue;
      const order = c.ids.map((_, i) => i).sort((a, b) => (c.ids[a] < c.ids[b] ? -1 : c.ids[a] > c.ids[b] ? 1 : 0));
      c.ids = order.map((i) => c.ids[i]);
      c.albums = order.map((i) => c.albums[i]);
    }
  }
}

/** Rule 9. */
function resolve(c: Candidates, album: string | null): TrackMatch {
  if (c.ids.length === 1) return { trackId: c.ids[0], by: 'name' };
  if (album !== null) {
    let first = -1;
    let count = 0;
    for (let i = 0; i < c.ids.length; i++) {
      if (c.albums[i] === album) {
        if (first < 0) first = i;
        count++;
      }
    }
    if (count === 1) return { trackId: c.ids[first], by: 'name+album' };
    if (count > 1) return { trackId: c.ids[first], by: 'name' };
  }
  return { trackId: c.ids[0], by: 'name' };
}

/** A Map used as a cache, emptied when it grows past `limit` entries (bounds memory on endless distinct names). */
function memo<T>(fn: (s: string) => T, limit = 200_000): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      if (cache.size >= limit) cache.clear();
      v = fn(s);
      cache.set(s, v);
    }
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
  const byMbid = new Map<string, string>();
  // [library whole artist, library first artist] × [exact title, loose title]
  const indexes: [Index, Index, Index, Index] = [new Map(), new Map(), new Map(), new Map()];
  for (const t of tracks) {
    const mbid = mbidKey(t.mbid);
    if (mbid !== null) {
      const had = byMbid.get(mbid);
      if (had === undefined || t.id < had) byMbid.set(mbid, t.id);
    }
    if (t.artist === null || t.title === null) continue;
    const artist = normalizeArtist(t.artist);
    const [exact, loose] = titleKeys(t.title);
    if (artist === '' || exact === '') continue;
    const album = t.album === null ? null : normalizeTitle(t.album) || null;
    addTo(indexes[0], artist, exact, t.id, album);
    addTo(indexes[1], artist, loose, t.id, album);
    const first = firstArtistKey(t.artist);
    if (first !== null && first !== '' && first !== artist) {
      addTo(indexes[2], first, exact, t.id, album);
      addTo(indexes[3], first, loose, t.id, album);
    }
  }
  for (const index of indexes) sortCandidates(index);

  const artistKeys = memo((s: string): [string, string | null] => {
    const whole = normalizeArtist(s);
    const first = firstArtistKey(s);
    return [whole, first === '' || first === whole ? null : first];
  });
  const titleKeysOf = memo(titleKeys);
  const albumKey = memo((s: string) => normalizeTitle(s) || null);

  function find(artist: string, exact: string, loose: string): Candidates | undefined {
    return (
      indexes[0].get(artist)?.get(exact) ??
      indexes[1].get(artist)?.get(loose) ??
      indexes[2].get(artist)?.get(exact) ??
      indexes[3].get(artist)?.get(loose)
    );
  }

  return {
    match(l) {
      const mbid = mbidKey(l.recordingMbid);
      if (mbid !== null) {
        const id = byMbid.get(mbid);
        if (id !== undefined) return { trackId: id, by: 'mbid' };
      }
      if (l.artist === null || l.title === null) return null;
      const [whole, first] = artistKeys(l.artist);
      const [exact, loose] = titleKeysOf(l.title);
      if (whole === '' || exact === '') return null;
      const c = find(whole, exact, loose) ?? (first !== null ? find(first, exact, loose) : undefined);
      if (!c) return null;
      return resolve(c, c.ids.length > 1 && l.album !== null ? albumKey(l.album) : null);
    },
  };
}
