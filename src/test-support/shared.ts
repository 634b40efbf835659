// The shared folder beside the checkout (conformance corpus, bench workloads): STEPWISE_SHARED,
// else `../shared`, as bench/run.ts reads it.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED =
  process.env['STEPWISE_SHARED'] ?? resolve(import.meta.dirname, '..', '..', '..', 'shared');

/**
 * A path inside the shared folder, with why a test needing it skips (`false` when it exists).
 * Under CI a missing path throws instead: a corpus that silently does not run proves nothing.
 */
export function sharedPath(...parts: string[]): { readonly path: string; readonly skip: string | false } {
  const path = join(SHARED, ...parts);
  if (existsSync(path)) return { path, skip: false };
  const why = `${path} does not exist (set STEPWISE_SHARED to the shared folder)`;
  if (process.env['CI']) throw new Error(why);
  return { path, skip: why };
}
