import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A user's module (functions, activity handler) that cannot be loaded; the message says where and why. */
export class UserModuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserModuleError';
  }
}

/**
 * Where a syntax error is. Node's import rejects with the message alone (no file, no line), so
 * the file is compiled once more by `node --check`, which prints `file:line` first.
 */
function syntaxErrorAt(path: string): string | undefined {
  const checked = spawnSync(process.execPath, ['--check', path], { encoding: 'utf8', timeout: 10_000 });
  const [where] = checked.stderr.split('\n');
  return checked.status !== 0 && where?.startsWith(path) ? where : undefined;
}

/** The first frame of the user's own code in a stack, as `file:line:column`. */
function userFrame(e: Error): string | undefined {
  const m = /\(?(file:\/\/[^\s)]+?):(\d+):(\d+)\)?$/m.exec(e.stack ?? '');
  return m ? `${fileURLToPath(m[1]!)}:${m[2]}:${m[3]}` : undefined;
}

/** Imports `file` (relative to the working directory); `what` names it in errors ("functions module"). */
export async function importUserModule(file: string, what: string): Promise<Record<string, unknown>> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UserModuleError(`${what} ${file} not found (no file ${path})`);
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    if (!(e instanceof Error)) throw new UserModuleError(`${what} ${path} failed to load: ${String(e)}`);
    if (e.name === 'SyntaxError') {
      const at = syntaxErrorAt(path);
      throw new UserModuleError(`${what} ${at ? at : path}: SyntaxError: ${e.message}`);
    }
    const frame = userFrame(e);
    throw new UserModuleError(`${what} ${path} failed to load: ${e.message}${frame ? ` (at ${frame})` : ''}`);
  }
}
