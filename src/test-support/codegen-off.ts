import { execFileSync } from 'node:child_process';

/**
 * Runs ES module `lines` (importing from `./src/...`) in a node that refuses code generation from
 * strings (--disallow-code-generation-from-strings), as some deployments run it: the compiled
 * queries' fallbacks. Returns what it printed, trimmed.
 */
export function printedWithoutCodegen(lines: readonly string[]): string {
  return execFileSync(
    process.execPath,
    ['--disallow-code-generation-from-strings', '--input-type=module', '-e', lines.join('\n')],
    { cwd: new URL('../..', import.meta.url), encoding: 'utf8' },
  ).trim();
}
