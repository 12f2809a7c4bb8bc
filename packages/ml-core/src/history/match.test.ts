import { describe, expect, it } from 'vitest';
import { createTrackMatcher, normalizeArtist, normalizeTitle, type MatchableTrack, type MatchMethod } from './match.js';

const CREEP_MBID = '3a7e4b5c-6d8f-4a1b-9c2d-0e1f2a3b4c5d';

function track(id: string, artist: string | null, title: string | null, album: string | null = null, mbid: string | null = null): MatchableTrack {
  return { id, artist, title, album, mbid };
}

const LIBRARY: MatchableTrack[] = [
  track('t01', 'The Beatles', 'Let It Be', 'Let It Be'),
  track('t02', 'The Beatles', 'Hey Jude (Remastered 2015)', '1'),
  track('t03', 'Beyoncé', 'Halo', 'I Am... Sasha Fierce'),
  track('t04', 'Sigur Rós', 'Hoppípolla', 'Takk...'),
  track('t05', 'Simon & Garfunkel', 'The Sound of Silence', 'Sounds of Silence'),
  track('t06', 'Daft Punk', 'Get Lucky (feat. Pharrell Williams)', 'Random Access Memories'),
  track('t07', 'JAY-Z & Kanye West', 'Otis', 'Watch the Throne'),
  track('t08', 'Artist A', 'Intro', 'Album A'),
  track('t09', 'Artist B', 'Intro', 'Album B'),
  track('t10', 'Queen', 'Bohemian Rhapsody', 'A Night at the Opera'),
  track('t11', 'Queen', "Bohemian Rhapsody (Live at Wembley '86)", "Live at Wembley '86"),
  track('t12', 'R.E.M.', 'Losing My Religion', 'Out of Time'),
  track('t13', 'AC/DC', 'Back in Black', 'Back in Black'),
  track('t14', 'Florence + the Machine', 'Dog Days Are Over', 'Lungs'),
  track('t15', 'Mark Ronson feat. Bruno Mars', 'Uptown Funk', 'Uptown Special'),
  track('t16', 'Daft Punk', 'One More Time', 'Discovery'),
  track('t17', 'Daft Punk', 'One More Time', 'Musique Vol. 1'),
  track('t18', 'Röyksopp', 'Eple', 'Melody A.M.'),
  track('t19', 'The The', 'This Is the Day', 'Soul Mining'),
  track('t20', '!!!', 'Myth Takes', 'Myth Takes'),
  track('t21', "Guns N' Roses", "Sweet Child O' Mine", 'Appetite for Destruction'),
  track('t22', 'Mötley Crüe', 'Kickstart My Heart', 'Dr. Feelgood'),
  track('t23', 'New Order', 'Blue Monday', 'Power, Corruption & Lies'),
  track('t24', 'Kendrick Lamar', 'HUMBLE.', 'DAMN.'),
  track('t25', 'Radiohead', 'Creep', 'Pablo Honey', CREEP_MBID),
  track('t26', 'Beyoncé', 'Crazy in Love (feat. Jay-Z)', 'Dangerously in Love'),
  track('t27', 'Earth, Wind & Fire', 'September', 'The Best of Earth, Wind & Fire, Vol. 1'),
  track('t28', 'New Order', 'Ceremony', 'Substance'),
  track('t29', null, 'Untagged', null),
];

interface Row {
  why: string;
  artist: string | null;
  title: string | null;
  album?: string;
  mbid?: string;
  /** Expected track id and method; null: must not match. */
  want: [string, MatchMethod] | null;
}

const ROWS: Row[] = [
  { why: 'exact', artist: 'The Beatles', title: 'Let It Be', want: ['t01', 'name'] },
  { why: 'no leading "The", case', artist: 'beatles', title: 'let it be', want: ['t01', 'name'] },
  { why: 'library sort form "Beatles, The"', artist: 'Beatles, The', title: 'Let It Be', want: ['t01', 'name'] },
  { why: '"- Remastered 2009" suffix', artist: 'THE BEATLES', title: 'Let It Be - Remastered 2009', want: ['t01', 'name'] },
  { why: 'library title has "(Remastered 2015)"', artist: 'The Beatles', title: 'Hey Jude', want: ['t02', 'name'] },
  { why: '"- 2015 Remaster" against "(Remastered 2015)"', artist: 'The Beatles', title: 'Hey Jude - 2015 Remaster', want: ['t02', 'name'] },
  { why: 'diacritics: Beyonce = Beyoncé', artist: 'Beyonce', title: 'Halo', want: ['t03', 'name'] },
  { why: '"[Explicit]"', artist: 'Beyoncé', title: 'Halo [Explicit]', want: ['t03', 'name'] },
  { why: 'diacritics: Sigur Ros, Hoppipolla', artist: 'Sigur Ros', title: 'Hoppipolla', want: ['t04', 'name'] },
  { why: '"(Live)" with no live track in the library', artist: 'sigur rós', title: 'Hoppípolla (Live)', want: ['t04', 'name'] },
  { why: '"and" = "&"', artist: 'Simon and Garfunkel', title: 'The Sound of Silence', want: ['t05', 'name'] },
  { why: '"(Mono)"', artist: 'Simon & Garfunkel', title: 'The Sound Of Silence (Mono)', want: ['t05', 'name'] },
  { why: 'library title has "(feat. …)"', artist: 'Daft Punk', title: 'Get Lucky', want: ['t06', 'name'] },
  { why: '"feat." in the artist, "(Radio Edit)"', artist: 'Daft Punk feat. Pharrell Williams', title: 'Get Lucky (Radio Edit)', want: ['t06', 'name'] },
  { why: 'unbracketed feat. in the title, "- Radio Edit"', artist: 'Daft Punk ft Pharrell', title: 'Get Lucky feat. Pharrell Williams - Radio Edit', want: ['t06', 'name'] },
  { why: 'library lists several artists, export names the first', artist: 'Jay-Z', title: 'Otis', want: ['t07', 'name'] },
  { why: 'several artists, whole name', artist: 'JAY-Z and Kanye West', title: 'Otis', want: ['t07', 'name'] },
  { why: 'several artists: only the first is tried', artist: 'Kanye West', title: 'Otis', want: null },
  { why: '"Intro" by artist A', artist: 'Artist A', title: 'Intro', want: ['t08', 'name'] },
  { why: '"Intro" by artist B', artist: 'Artist B', title: 'Intro', want: ['t09', 'name'] },
  { why: '"Intro" by an artist not in the library', artist: 'Artist Z', title: 'Intro', want: null },
  { why: 'exact live title finds the live track', artist: 'Queen', title: "Bohemian Rhapsody - Live at Wembley '86", want: ['t11', 'name'] },
  { why: 'remaster of two same-named tracks: album breaks the tie', artist: 'Queen', title: 'Bohemian Rhapsody - Remastered 2011', album: 'A Night At The Opera (2011 Remaster)', want: ['t10', 'name+album'] },
  { why: 'same tie without an album: lowest id', artist: 'Queen', title: 'Bohemian Rhapsody - Remastered 2011', want: ['t10', 'name'] },
  { why: 'punctuation: REM = R.E.M.', artist: 'REM', title: 'Losing My Religion', want: ['t12', 'name'] },
  { why: 'punctuation in the title', artist: 'R.E.M.', title: 'losing my religion.', want: ['t12', 'name'] },
  { why: 'AC/DC = ACDC', artist: 'ACDC', title: 'Back In Black', want: ['t13', 'name'] },
  { why: '"+" = "and"', artist: 'Florence and the Machine', title: 'Dog Days Are Over', want: ['t14', 'name'] },
  { why: 'feat. in the library artist, in the export title', artist: 'Mark Ronson', title: 'Uptown Funk (feat. Bruno Mars)', want: ['t15', 'name'] },
  { why: 'ft. in the export artist, "!"', artist: 'Mark Ronson ft. Bruno Mars', title: 'Uptown Funk!', want: ['t15', 'name'] },
  { why: 'duplicate title on two albums: album picks', artist: 'Daft Punk', title: 'One More Time', album: 'Musique, Vol. 1', want: ['t17', 'name+album'] },
  { why: 'duplicate title, no album: lowest id', artist: 'Daft Punk', title: 'One More Time', want: ['t16', 'name'] },
  { why: 'duplicate title, unknown album: lowest id', artist: 'Daft Punk', title: 'One More Time', album: 'Alive 2007', want: ['t16', 'name'] },
  { why: 'ø folds to o', artist: 'Royksopp', title: 'Eple', want: ['t18', 'name'] },
  { why: '"The The" keeps a name', artist: 'The The', title: 'This Is The Day', want: ['t19', 'name'] },
  { why: 'punctuation-only artist', artist: '!!!', title: 'Myth Takes', want: ['t20', 'name'] },
  { why: 'apostrophes', artist: 'Guns N Roses', title: 'Sweet Child o Mine', want: ['t21', 'name'] },
  { why: 'umlauts', artist: 'Motley Crue', title: 'Kickstart My Heart', want: ['t22', 'name'] },
  { why: 'a remix is a different recording', artist: 'New Order', title: 'Blue Monday (Hardfloor Remix)', want: null },
  { why: 'a remix as a dash suffix', artist: 'New Order', title: 'Blue Monday - Hardfloor Remix', want: null },
  { why: 'a different song with a similar title', artist: 'New Order', title: "Blue Monday '88", want: null },
  { why: 'a different song by the same artist', artist: 'New Order', title: 'Temptation', want: null },
  { why: 'same title, different artist', artist: 'Ceremony', title: 'Ceremony', want: null },
  { why: 'case and trailing dot', artist: 'kendrick lamar', title: 'Humble', want: ['t24', 'name'] },
  { why: 'mbid wins over a different title', artist: 'Radiohead', title: 'Creep (Acoustic)', mbid: CREEP_MBID.toUpperCase(), want: ['t25', 'mbid'] },
  { why: 'unknown mbid falls back to the name', artist: 'Radiohead', title: 'Creep', mbid: '00000000-0000-4000-8000-000000000000', want: ['t25', 'name'] },
  { why: '"(Acoustic)" is a different recording', artist: 'Radiohead', title: 'Creep (Acoustic)', want: null },
  { why: 'feat. in both artist and library title', artist: 'Beyoncé feat. JAY Z', title: 'Crazy In Love', want: ['t26', 'name'] },
  { why: 'commas and "&" in a band name', artist: 'Earth Wind and Fire', title: 'September (2011 Remaster)', want: ['t27', 'name'] },
  { why: 'no artist: only an mbid could match', artist: null, title: 'Untagged', want: null },
  { why: 'no title', artist: 'Queen', title: null, want: null },
  { why: 'a title that is only a version note keeps it', artist: 'Artist A', title: '[Explicit]', want: null },
];

describe('createTrackMatcher', () => {
  const matcher = createTrackMatcher(LIBRARY);
  it.each(ROWS)('$why: $artist – $title', (row) => {
    const got = matcher.match({ artist: row.artist, title: row.title, album: row.album ?? null, recordingMbid: row.mbid ?? null });
    expect(got).toEqual(row.want === null ? null : { trackId: row.want[0], by: row.want[1] });
  });

  it('has at least 30 rows, matches and counter-examples', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
    expect(ROWS.filter((r) => r.want === null).length).toBeGreaterThanOrEqual(8);
  });

  it('returns shared, frozen answers', () => {
    const q = { artist: 'Queen', title: 'Bohemian Rhapsody', album: null, recordingMbid: null };
    const a = matcher.match(q);
    expect(matcher.match(q)).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('matches by mbid even without names, and is deterministic for duplicate mbids', () => {
    const m = createTrackMatcher([track('b', null, null, null, CREEP_MBID), track('a', 'X', 'Y', null, CREEP_MBID)]);
    expect(m.match({ artist: null, title: null, album: null, recordingMbid: CREEP_MBID })).toEqual({ trackId: 'a', by: 'mbid' });
  });

  it('is independent of the order of the library', () => {
    const reversed = createTrackMatcher([...LIBRARY].reverse());
    for (const row of ROWS) {
      const q = { artist: row.artist, title: row.title, album: row.album ?? null, recordingMbid: row.mbid ?? null };
      expect(reversed.match(q)).toEqual(matcher.match(q));
    }
  });
});

describe('normalizeArtist / normalizeTitle', () => {
  it.each([
    ['The Beatles', 'beatles'],
    ['Beyoncé', 'beyonce'],
    ['Simon & Garfunkel', 'simonandgarfunkel'],
    ['Daft Punk feat. Pharrell Williams', 'daftpunk'],
    ['Mark Ronson (ft. Bruno Mars)', 'markronson'],
    ['Ｂｊöｒｋ', 'bjork'],
    ['!!!', '!!!'],
  ])('artist %s → %s', (raw, key) => expect(normalizeArtist(raw)).toBe(key));

  it.each([
    ['Hey Jude - Remastered 2015', 'heyjude'],
    ['Yesterday - Remastered 2009', 'yesterday'],
    ['Song (Live at the Royal Albert Hall, London)', 'song'],
    ['Song - Live', 'song'],
    ['Song - Single Version', 'song'],
    ['Song (Remastered 2011 / Mono)', 'song'],
    ['Song (Deluxe Edition) [Explicit]', 'song'],
    ['Song (feat. X) - 2009 Digital Remaster', 'song'],
    ['Let It Go (From "Frozen")', 'letitgo'],
    ['Song (X Remix)', 'songxremix'],
    ['Song - Extended Mix', 'songextendedmix'],
    ['(I Can’t Get No) Satisfaction', 'icantgetnosatisfaction'],
    ['Live Forever', 'liveforever'],
    ['Rock ’n’ Roll', 'rockandroll'],
    ['(Live)', 'live'],
  ])('title %s → %s', (raw, key) => expect(normalizeTitle(raw)).toBe(key));
});
