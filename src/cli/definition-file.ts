import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from './cli-error.ts';

function readText(file: string, what: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why =
      code === 'ENOENT' ? `not found (no file ${resolve(file)})` : `cannot be read (${code ?? String(e)})`;
    throw new CliError(`${what} ${file} ${why}`);
  }
}

/** A definition from a file path, or `-` for standard input. */
export function readDefinition(file: string | undefined): string {
  if (file === undefined) throw new CliError('give a definition file (or - for standard input)');
  return readText(file, 'definition file');
}

/** `--input`: inline JSON or `@file`. */
export function readInput(input: string | undefined): string {
  if (input === undefined) return '{}';
  return input.startsWith('@') ? readText(input.slice(1), 'input file') : input;
}
