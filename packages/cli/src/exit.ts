/** Exit statuses of the `audiio-ml` command, as documented in the README. */
export const EXIT = {
  /** Everything succeeded. */
  OK: 0,
  /** Bad arguments or a fatal error: nothing (more) was done. */
  USAGE: 1,
  /** The command ran, but some items (files, rows, users) failed; each was reported. */
  PARTIAL: 2,
} as const;
