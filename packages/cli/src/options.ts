import type { Command } from 'commander';
import { z } from 'zod';
import { AudiioError, defaultDbPath } from '@audiio-ml/ml-core';
import { resolve } from 'node:path';

/** The library database path chosen with the global `--db`, or the default. */
export function dbPathOf(cmd: Command): string {
  const db = cmd.optsWithGlobals<{ db?: string }>().db;
  return db ? resolve(db) : defaultDbPath();
}

/** True when long work should draw a progress bar: a terminal on stderr and not CI. */
export function showProgress(): boolean {
  return Boolean(process.stderr.isTTY) && !process.env.CI;
}

/**
 * Validates a command's options (and arguments) with a zod schema; the first problem becomes an
 * `AudiioError` `BAD_ARGUMENT` naming the option (`--duration: must be …`), or the argument
 * (`RATING: must be …`) when `positional`.
 */
export function parseArgs<T extends z.ZodType>(schema: T, raw: unknown, positional = false): z.output<T> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const i = r.error.issues[0];
  const key = String(i.path[0] ?? 'argument');
  const name = positional ? key.toUpperCase() : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new AudiioError('BAD_ARGUMENT', `${name}: ${i.message}`);
}

/** A positive integer given as a string (`--limit 20`). */
export const positiveIntArg = (max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a positive integer')
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `must be from 1 to ${max}`);

/** A non-negative number of seconds given as a string (`--duration 212.5`). */
export const secondsArg = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a number of seconds ≥ 0')
  .transform(Number);

/** An ISO-8601 time given as a string (`--at 2025-06-01T12:00:00Z`), as epoch ms. */
export const isoTimeArg = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be an ISO-8601 date or time, e.g. 2025-06-01T12:00:00Z')
  .transform((s, ctx) => {
    const t = Date.parse(s);
    if (Number.isFinite(t)) return t;
    ctx.addIssue({ code: 'custom', message: `${s} is not a valid date` });
    return z.NEVER;
  });

/** Writes `value` as one JSON line, or `text` when not --json. */
export function print(json: boolean | undefined, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : text());
}
