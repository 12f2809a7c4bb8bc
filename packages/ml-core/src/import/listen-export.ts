/**
 * Importing the listening history people already have (ListenBrainz, Last.fm, Spotify exports):
 * each listen is matched to a library track (history/match.ts: MusicBrainz recording id, else
 * normalised artist + title, album breaking ties) and recorded as a play event of the user, one
 * transaction per chunk of the export. Nothing is lost: a listen no track matches is stored with
 * its export metadata and matched again by {@link rematchListens} after the next analysis adds
 * music. Re-importing the same export changes nothing (each listen's event id comes from its
 * identity in the export). ListenBrainz feedback (love / hate) becomes ratings.
 *
 * Completion: a Spotify extended-history play is completed when its `reason_end` is `trackdone`;
 * when an export says only how long a play lasted (the older Spotify history), a matched play of at
 * least {@link COMPLETE_FRACTION} of the track's length counts as completed. Scrobbles
 * (ListenBrainz, Last.fm) say neither: their completion and duration stay unknown, and a scrobble is
 * never a skip (a service scrobbles a track after half of it or four minutes).
 */
import { AudiioError } from '../errors.js';
import { createTrackMatcher, type MatchMethod, type TrackMatcher } from '../history/match.js';
import { FUTURE_TOLERANCE_MS, recordImportedEvents, timeOrderedId } from '../history/record.js';
import { foldEvents } from '../history/state.js';
import type { ExportIssue, RawFeedback, RawListen } from '../history/types.js';
import { requireUser } from '../history/users.js';
import { inWriteTransaction, type LibraryDb } from '../store/db.js';
import { attachListenEvents, unmatchedListenEvents, type NewListenEvent } from '../store/listens.js';
import { listTracks, trackDurations } from '../store/tracks.js';
import { isListenExportFormat, LISTEN_EXPORT_FORMATS, readListenExport, type ListenExportFormat } from './listen-exports/read-export.js';

/** A play lasting at least this fraction of its track counts as completed, when the export says only its duration. */
export const COMPLETE_FRACTION = 0.9;

/** What {@link importListenExport} did. */
export interface ListenExportReport {
  path: string;
  format: ListenExportFormat;
  user: string;
  /** Listens read from the export. */
  read: number;
  /** Of those, matched to a library track now, by how. */
  matched: number;
  byMethod: Record<MatchMethod, number>;
  /** Stored without a track (kept for the next match), and the artists most of them name. */
  unmatched: number;
  topUnmatchedArtists: { artist: string; listens: number }[];
  /** Listens stored by an earlier import of the same history. */
  duplicates: number;
  /** Love / hate feedback read, applied as ratings, not matched (kept), duplicates. */
  feedback: { read: number; applied: number; unmatched: number; duplicates: number };
  /** Lines or entries that could not be read, with the file inside the export and the line. */
  badLines: ExportIssue[];
}

/** Options of {@link importListenExport}. */
export interface ListenExportOptions {
  /** The clock, epoch ms (default now): listens after it (plus a few minutes) are refused. */
  now?: number;
  /** Records per chunk (one transaction each). Default 10,000. */
  chunkSize?: number;
  /** Called after each stored chunk with the listens read so far. */
  onProgress?: (read: number) => void;
}

/** The event id of an imported record: its identity in the export, for this user (ordered by time, see `timeOrderedId`). */
function importedEventId(userId: string, kind: string, key: string, ts: number): string {
  return timeOrderedId('x', ts, `${userId}\0${kind}\0${key}`);
}

/** The export metadata kept with an event, for matching it later. */
interface RawMeta {
  artist: string | null;
  title: string | null;
  album: string | null;
  mbid: string | null;
  msid: string | null;
  trackSec: number | null;
}

const rawOf = (l: RawListen): RawMeta => ({ artist: l.artist, title: l.title, album: l.album, mbid: l.recordingMbid, msid: l.recordingMsid, trackSec: l.trackSec });

/** The library's tracks as the matcher reads them. */
function libraryMatcher(db: LibraryDb): TrackMatcher {
  return createTrackMatcher(listTracks(db).map((t) => ({ id: t.id, artist: t.artist, title: t.title, album: t.album, mbid: t.mbid ?? null })));
}

/**
 * Imports a listening-history export for a user (module doc). `format` is `listenbrainz`, `lastfm`
 * or `spotify`.
 *
 * @throws AudiioError `NOT_FOUND` for an unknown user, `BAD_ARGUMENT` for an unknown format,
 * `FILE_UNREADABLE` / `BAD_FILE` when the export cannot be read as that format
 */
export async function importListenExport(
  db: LibraryDb,
  userId: string,
  path: string,
  format: string,
  options: ListenExportOptions = {},
): Promise<ListenExportReport> {
  requireUser(db, userId);
  if (!isListenExportFormat(format)) throw new AudiioError('BAD_ARGUMENT', `unknown export format "${format}"; one of ${LISTEN_EXPORT_FORMATS.join(', ')}`);
  const now = options.now ?? Date.now();
  const matcher = libraryMatcher(db);
  const report: ListenExportReport = {
    path, format, user: userId, read: 0, matched: 0, byMethod: { mbid: 0, name: 0, 'name+album': 0 }, unmatched: 0,
    topUnmatchedArtists: [], duplicates: 0, feedback: { read: 0, applied: 0, unmatched: 0, duplicates: 0 }, badLines: [],
  };
  const unmatchedArtists = new Map<string, number>();
  // MessyBrainz ids of matched listens: ListenBrainz feedback names recordings by them.
  const byMsid = new Map<string, string>();
  const feedback: RawFeedback[] = [];
  const source = `import:${format}`;
  for await (const chunk of readListenExport(path, format, { chunkSize: options.chunkSize })) {
    report.badLines.push(...chunk.issues);
    feedback.push(...chunk.feedback);
    const events: NewListenEvent[] = [];
    const matched: (string | null)[] = [];
    for (const l of chunk.listens) {
      report.read++;
      if (l.timestamp > now + FUTURE_TOLERANCE_MS) {
        report.badLines.push({ ...l.where, reason: `the listen's time ${new Date(l.timestamp).toISOString()} is in the future` });
        continue;
      }
      const m = matcher.match(l);
      if (m && l.recordingMsid) byMsid.set(l.recordingMsid, m.trackId);
      matched.push(m ? m.by : null);
      events.push({
        eventId: importedEventId(userId, 'play', l.sourceKey, l.timestamp),
        userId,
        trackId: m?.trackId ?? null,
        kind: 'play',
        ts: l.timestamp,
        duration: l.playedSec,
        completed: l.completed,
        skipped: l.skipped,
        rating: null,
        source,
        raw: m ? null : JSON.stringify(rawOf(l)),
      });
    }
    completeFromLength(db, events);
    const stored = events.length ? recordImportedEvents(db, userId, events, now) : [];
    stored.forEach((ok, i) => {
      if (!ok) return void report.duplicates++;
      const by = matched[i];
      if (by) {
        report.matched++;
        report.byMethod[by as MatchMethod]++;
      } else {
        report.unmatched++;
        const artist = (JSON.parse(events[i].raw as string) as RawMeta).artist ?? '(no artist)';
        unmatchedArtists.set(artist, (unmatchedArtists.get(artist) ?? 0) + 1);
      }
    });
    options.onProgress?.(report.read);
  }
  applyFeedback(db, userId, feedback, matcher, byMsid, report, now, source);
  report.topUnmatchedArtists = [...unmatchedArtists]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10)
    .map(([artist, listens]) => ({ artist, listens }));
  return report;
}

/** Marks plays completed from their duration and the track's length when the export does not say (module doc). */
function completeFromLength(db: LibraryDb, events: NewListenEvent[]): void {
  const open = events.filter((e) => e.completed === null && e.duration !== null && e.trackId !== null);
  if (!open.length) return;
  const length = trackDurations(db, open.map((e) => e.trackId as string));
  for (const e of open) {
    const sec = length.get(e.trackId as string);
    if (sec) e.completed = (e.duration as number) >= COMPLETE_FRACTION * sec;
  }
}

/** Records ListenBrainz feedback as ratings: by recording mbid, else by the msid of a matched listen, else by name. */
function applyFeedback(
  db: LibraryDb,
  userId: string,
  feedback: readonly RawFeedback[],
  matcher: TrackMatcher,
  byMsid: ReadonlyMap<string, string>,
  report: ListenExportReport,
  now: number,
  source: string,
): void {
  if (!feedback.length) return;
  const events: NewListenEvent[] = feedback.map((f) => {
    report.feedback.read++;
    const trackId =
      matcher.match({ artist: f.artist, title: f.title, album: null, recordingMbid: f.recordingMbid })?.trackId ??
      (f.recordingMsid ? byMsid.get(f.recordingMsid) : undefined) ??
      null;
    const raw: RawMeta = { artist: f.artist, title: f.title, album: null, mbid: f.recordingMbid, msid: f.recordingMsid, trackSec: null };
    return {
      eventId: importedEventId(userId, 'feedback', `${f.recordingMbid ?? ''}\0${f.recordingMsid ?? ''}\0${f.artist ?? ''}\0${f.title ?? ''}\0${f.timestamp}`, f.timestamp),
      userId,
      trackId,
      kind: 'rating',
      ts: f.timestamp,
      duration: null,
      completed: null,
      skipped: null,
      rating: f.rating,
      source,
      raw: trackId ? null : JSON.stringify(raw),
    };
  });
  recordImportedEvents(db, userId, events, now).forEach((ok, i) => {
    if (!ok) report.feedback.duplicates++;
    else if (events[i].trackId) report.feedback.applied++;
    else report.feedback.unmatched++;
  });
}

/** What {@link rematchListens} did. */
export interface RematchReport {
  /** Events without a track before. */
  unmatched: number;
  /** Of those, matched now. */
  matched: number;
}

/**
 * Matches again every stored listen (and rating) that no library track matched when it was
 * imported, and folds the newly matched ones into the listeners' state: run after an analysis adds
 * music (`audiio-ml analyze` does).
 */
export function rematchListens(db: LibraryDb): RematchReport {
  const pending = unmatchedListenEvents(db);
  if (!pending.length) return { unmatched: 0, matched: 0 };
  const matcher = libraryMatcher(db);
  const found: { seq: number; userId: string; trackId: string }[] = [];
  for (const p of pending) {
    if (!p.raw) continue;
    const r = JSON.parse(p.raw) as RawMeta;
    const m = matcher.match({ artist: r.artist, title: r.title, album: r.album, recordingMbid: r.mbid });
    if (m) found.push({ seq: p.seq, userId: p.userId, trackId: m.trackId });
  }
  if (!found.length) return { unmatched: pending.length, matched: 0 };
  const matched = inWriteTransaction(db, () => {
    const attached = attachListenEvents(db, found);
    const userOf = new Map(found.map((f) => [f.seq, f.userId]));
    const perUser = new Map<string, typeof attached>();
    for (const e of attached) {
      const u = userOf.get(e[0]) as string;
      const list = perUser.get(u);
      if (list) list.push(e);
      else perUser.set(u, [e]);
    }
    for (const [user, events] of perUser) foldEvents(db, user, events);
    return attached.length;
  });
  return { unmatched: pending.length, matched };
}
