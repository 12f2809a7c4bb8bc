/** Exit statuses of the `audiio-ml` command, as documented in the README: the one place that defines them. */
export const EXIT = {
  /** Everything succeeded. */
  OK: 0,
  /** Bad arguments or a fatal error: nothing (more) was done. */
  USAGE: 1,
  /** The command ran, but some items (files, rows, users) failed; each was reported. */
  PARTIAL: 2,
  /** Stopped by Ctrl-C or SIGTERM (128 + SIGINT, the shell's convention); what was done is kept. */
  INTERRUPTED: 130,
} as const;
