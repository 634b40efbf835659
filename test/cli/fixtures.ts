// Throwaway folders with the files a CLI test needs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A new folder holding `files` (name -> text, or a value written as JSON); returns its path. */
export function folderWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-cli-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

export const passThrough = (next?: string) =>
  next ? { Type: 'Pass', Next: next } : { Type: 'Pass', End: true };
