import type * as z from 'zod';
import type { ConfigFile } from './schema.ts';
import { configFileSchema, keysAt } from './schema.ts';
import { ConfigError } from './config-error.ts';
import { didYouMean } from './did-you-mean.ts';

/** How to name a setting in a message: a key of a file, an environment variable or a flag. */
export type SettingName = (path: readonly PropertyKey[]) => string;

export const keyOfFile =
  (file: string): SettingName =>
  (path) =>
    `${file}: "${dotted(path)}"`;

function dotted(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && Number.isNaN(value)) return 'not a number';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path)
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

function problems(issue: z.core.$ZodIssue, raw: unknown, name: SettingName): string[] {
  if (issue.code === 'unrecognized_keys') {
    const allowed = keysAt(issue.path);
    return issue.keys.map((key) => {
      const near = didYouMean(key, allowed);
      const hint = near ? `did you mean "${near}"?` : `known keys here: ${allowed.join(', ')}`;
      return `${name([...issue.path, key])}: unknown key (${hint})`;
    });
  }
  if (issue.code === 'invalid_type') {
    const got = describe(valueAt(raw, issue.path));
    const expected = issue.message.startsWith('Invalid input') ? issue.expected : issue.message;
    return [`${name(issue.path)}: expected ${expected}, got ${got}`];
  }
  return [`${name(issue.path)}: ${issue.message.replace(/^Invalid input: /, '')}`];
}

/** Checks settings against the schema; throws a ConfigError listing every problem. */
export function checkConfig(raw: unknown, name: SettingName): ConfigFile {
  const result = configFileSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.flatMap((issue) => problems(issue, raw, name)));
}
