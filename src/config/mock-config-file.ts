import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Json } from '../asl/index.ts';
import { ConfigError } from './config-error.ts';
import { parseJsonText } from './json-text.ts';

/** A Step Functions Local MockConfigFile, read and parsed; its problems name the file. */
export function readMockConfigFile(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new ConfigError([
      `mock configuration ${file}: ${code === 'ENOENT' ? `not found (no file ${resolve(file)})` : String(code ?? e)}`,
    ]);
  }
  const value = parseJsonText(text, `mock configuration ${file}`) as Json;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !('StateMachines' in value)) {
    throw new ConfigError([
      `mock configuration ${file}: expected an object with "StateMachines" (and "MockedResponses"), as Step Functions Local reads`,
    ]);
  }
  return value;
}
