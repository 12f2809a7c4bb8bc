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
];
