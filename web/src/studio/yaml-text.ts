// The definition as YAML (the code pane's YAML view), through the `yaml` package: YAML 1.2's core
// schema, so "2025-09-01", "yes" and "on" stay strings and a JSON definition comes back unchanged.
import { parse, stringify } from 'yaml';
import type { JsonObject } from './json-edit.ts';
import { isObject } from './json-edit.ts';

export function toYaml(definition: JsonObject): string {
  // No anchors for objects that happen to be shared: every value is written out, as in JSON.
  return stringify(definition, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** The definition a YAML text stands for, or why it is not one. */
export function fromYaml(text: string): { definition: JsonObject } | { problem: string } {
  try {
    const value: unknown = parse(text, { uniqueKeys: true, prettyErrors: true });
    return isObject(value)
      ? { definition: value }
      : { problem: 'A definition is a mapping (a JSON object).' };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}
