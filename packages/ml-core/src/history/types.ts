/**
 * The vocabulary of listening history: what a player reports (the seed's `ListenEntry`), what an
 * export file holds before it is matched to the library (`RawListen`, `RawFeedback`), and the
 * ratings and exclusions a listener sets.
 */

/** A rating a listener gives a track. */
export type Rating = 'like' | 'dislike';

/**
 * One listen as a player reports it: the seed's `ListenEntry` field names. A listen may carry a
 * rating given while it played.
 */
export interface ListenEntry {
  /** The library track (its id). */
  trackId: string;
  /** When the listen started: a Date, epoch milliseconds, or an ISO-8601 string. */
  timestamp: Date | number | string;
  /** Seconds actually listened (≥ 0); omitted when unknown. */
  duration?: number;
  /** True when the track played to its end. */
  completed?: boolean;
  rating?: Rating;
  /** Makes recording idempotent: the same id twice is stored once. Default: derived from user + track + timestamp. */
  eventId?: string;
  /** A skip the player flagged itself (e.g. the listener pressed "next"). */
  skipped?: boolean;
}

/** The kinds of thing a listener can exclude from recommendations. */
export type ExclusionKind = 'artist' | 'genre' | 'track';

/** One listen as an export file gives it, before it is matched to a library track. */
export interface RawListen {
  /** When the listen started, epoch milliseconds (UTC). */
  timestamp: number;
  artist: string | null;
  title: string | null;
  album: string | null;
  /** MusicBrainz recording id, when the export has one. */
  recordingMbid: string | null;
  /** ListenBrainz's MessyBrainz recording id, when the export has one (feedback refers to it). */
  recordingMsid: string | null;
  /** Seconds it played, when the export says (Spotify); null for scrobbles. */
  playedSec: number | null;
  /** The track's length in seconds, when the export says. */
  trackSec: number | null;
  /** Whether it played to the end, when the export says (Spotify `reason_end` = `trackdone`); null when unknown. */
  completed: boolean | null;
  /** Whether the export flags it as skipped (Spotify `skipped`); null when unknown. */
  skipped: boolean | null;
  /**
   * Identity of this listen inside its export, stable across re-exports of the same history
   * (e.g. `listenbrainz:<listened_at>:<recording_msid>`): re-importing it is a no-op.
   */
  sourceKey: string;
  /** Where it was read: a file (inside the export) and its 1-based line, for reports. */
  where: { file: string; line: number };
}

/** A love or hate an export records (ListenBrainz feedback), before matching. */
export interface RawFeedback {
  /** `none` removes an earlier rating (ListenBrainz score 0). */
  rating: Rating | 'none';
  /** When it was given, epoch milliseconds. */
  timestamp: number;
  recordingMbid: string | null;
  /** ListenBrainz's MessyBrainz id: matched through the listens of the same export that carry it. */
  recordingMsid: string | null;
  artist: string | null;
  title: string | null;
  where: { file: string; line: number };
}

/** A line or entry of an export that could not be read, and why. */
export interface ExportIssue {
  file: string;
  line: number;
  reason: string;
}
