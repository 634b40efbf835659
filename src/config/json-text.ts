import { ConfigError } from './config-error.ts';

/**
 * Parses the text of a JSON file; a syntax error names the file and says where (V8 gives the
 * line and column, or quotes a short text, which is kept on one line).
 */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');
    throw new ConfigError([`${file}: not valid JSON: ${why}`]);
  }
}
