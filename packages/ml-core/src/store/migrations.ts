/**
 * Schema migrations of the library database, applied in order. The database's
 * `PRAGMA user_version` records how many have run. Append new migrations at
 * the end; never edit one that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: tracks, analysed features, analysis errors, users and their interactions.
  `
  CREATE TABLE tracks (
    id            TEXT PRIMARY KEY,
    path          TEXT UNIQUE,
    size          INTEGER,
    mtime_ms      INTEGER,
    title         TEXT,
    artist        TEXT,
    album         TEXT,
    album_id      TEXT,
    genre         TEXT,
    release_date  TEXT,
    year          INTEGER,
    duration_sec  REAL,
    popularity    REAL,
    source        TEXT NOT NULL DEFAULT 'file',
    added_at      INTEGER NOT NULL
  );
  CREATE INDEX tracks_artist ON tracks(artist);

  CREATE TABLE features (
    track_id            TEXT PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
    features_version    INTEGER NOT NULL,
    tempo               REAL NOT NULL,
    key                 INTEGER NOT NULL,
    mode                INTEGER NOT NULL,
    energy              REAL NOT NULL,
    danceability        REAL NOT NULL,
    valence             REAL NOT NULL,
    acousticness        REAL NOT NULL,
    instrumentalness    REAL NOT NULL,
    speechiness         REAL NOT NULL,
    loudness            REAL NOT NULL,
    key_confidence      REAL,
    descriptors         BLOB,
    descriptors_version INTEGER,
    analyzed_at         INTEGER NOT NULL
  );

  CREATE TABLE analysis_errors (
    path      TEXT PRIMARY KEY,
    size      INTEGER,
    mtime_ms  INTEGER,
    code      TEXT NOT NULL,
    message   TEXT NOT NULL,
    at        INTEGER NOT NULL
  );

  CREATE TABLE users (
    id      TEXT PRIMARY KEY,
    name    TEXT,
    source  TEXT NOT NULL DEFAULT 'local'
  );

  CREATE TABLE interactions (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    track_id   TEXT NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
    weight     REAL NOT NULL DEFAULT 1,
    timestamp  INTEGER,
    PRIMARY KEY (user_id, track_id)
  );
  CREATE INDEX interactions_track ON interactions(track_id);
  `,
  // 2: track embeddings, one row per track and model version; a key-value meta table.
  `
  CREATE TABLE embeddings (
    track_id       TEXT NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
    model_version  TEXT NOT NULL,
    dim            INTEGER NOT NULL,
    vector         BLOB NOT NULL,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (track_id, model_version)
  );
  CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
  );
  `,
  // 3: listening history. Events are append-only (plays and ratings, idempotent by event id; an
  // imported listen not yet matched to a track keeps its export metadata in `raw`); listen_state is
  // derived from them (rebuildable; with recency-decayed sums, see history/state.ts); exclusions; the
  // MusicBrainz recording id of a track.
  `
  ALTER TABLE tracks ADD COLUMN mbid TEXT;
  CREATE INDEX tracks_mbid ON tracks(mbid) WHERE mbid IS NOT NULL;

  CREATE TABLE listen_events (
    seq          INTEGER PRIMARY KEY,
    event_id     TEXT NOT NULL UNIQUE,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    track_id     TEXT REFERENCES tracks(id) ON DELETE SET NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('play', 'rating')),
    ts           INTEGER NOT NULL,
    duration     REAL CHECK (duration IS NULL OR duration >= 0),
    completed    INTEGER CHECK (completed IN (0, 1)),
    skipped      INTEGER CHECK (skipped IN (0, 1)),
    rating       TEXT CHECK (rating IN ('like', 'dislike', 'none')),
    source       TEXT NOT NULL,
    raw          TEXT,
    recorded_at  INTEGER NOT NULL
  );
  CREATE INDEX listen_events_user_ts ON listen_events(user_id, ts);
  CREATE INDEX listen_events_unmatched ON listen_events(user_id) WHERE track_id IS NULL;

  CREATE TABLE listen_state (
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    track_id         TEXT NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
    plays            INTEGER NOT NULL,
    completed_plays  INTEGER NOT NULL,
    skips            INTEGER NOT NULL,
    first_played     INTEGER,
    last_played      INTEGER,
    rating           TEXT CHECK (rating IN ('like', 'dislike')),
    rated_at         INTEGER,
    decay_plays      REAL NOT NULL DEFAULT 0,
    decay_completed  REAL NOT NULL DEFAULT 0,
    decay_skips      REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, track_id)
  ) WITHOUT ROWID;
  CREATE INDEX listen_state_track ON listen_state(track_id);

  CREATE TABLE exclusions (
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (kind IN ('artist', 'genre', 'track')),
    value    TEXT NOT NULL,
    label    TEXT NOT NULL,
    set_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind, value)
  ) WITHOUT ROWID;
  `,
];
