import { readFileSync } from 'node:fs';

/** A definition from a file path, or `-` for standard input. */
export function readDefinition(file: string | undefined): string {
  if (file === undefined) throw new Error('missing <definition> file');
  return readFileSync(file === '-' ? 0 : file, 'utf8');
}

/** `--input`: inline JSON or `@file`. */
export function readInput(input: string | undefined): string {
  if (input === undefined) return '{}';
  return input.startsWith('@') ? readFileSync(input.slice(1), 'utf8') : input;
}
