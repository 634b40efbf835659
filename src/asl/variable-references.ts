import type { Json, JsonObject } from './json.ts';
import { isJsonObject } from './json.ts';
import { expressionFacts, isJsonataExpression } from './query/jsonata/index.ts';

/** `$name` in a JSONPath path or an intrinsic function's arguments: not `$`, not `$$`. */
const VARIABLE = /(?<![$\w])\$([A-Za-z_][A-Za-z0-9_]*)/g;
/** Intrinsic string literals, whose text is no reference. */
const QUOTED = /'(?:\\.|[^'\\])*'/g;

/** Fields of a state that hold a nested state machine: their states are listed on their own. */
const NESTED = new Set(['Branches', 'ItemProcessor', 'Iterator']);

/** A JSONPath field that holds a path (`InputPath`, `Variable`, `StringEqualsPath`, `x.$`, …). */
function isPathField(key: string | undefined): boolean {
  return key !== undefined && (key.endsWith('.$') || key.endsWith('Path') || key === 'Variable');
}

function collect(value: Json, key: string | undefined, jsonata: boolean, into: Set<string>): void {
  if (typeof value === 'string') {
    if (jsonata && isJsonataExpression(value)) {
      for (const name of expressionFacts(value).variables) into.add(name);
    } else if (!jsonata && isPathField(key)) {
      for (const m of value.replace(QUOTED, "''").matchAll(VARIABLE)) if (m[1]) into.add(m[1]);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, key, jsonata, into);
  } else if (isJsonObject(value)) {
    for (const [k, v] of Object.entries(value)) if (!NESTED.has(k)) collect(v, k, jsonata, into);
  }
}

function walk(machine: JsonObject, inherited: string, out: Record<string, string[]>): void {
  const states = machine['States'];
  if (!isJsonObject(states)) return;
  for (const [name, state] of Object.entries(states)) {
    if (!isJsonObject(state)) continue;
    const language = typeof state['QueryLanguage'] === 'string' ? state['QueryLanguage'] : inherited;
    const read = new Set<string>();
    collect(state, undefined, language === 'JSONata', read);
    if (read.size > 0) out[name] = [...read];
    const branches = state['Branches'];
    if (Array.isArray(branches)) for (const b of branches) if (isJsonObject(b)) walk(b, language, out);
    for (const field of ['ItemProcessor', 'Iterator']) {
      const processor = state[field];
      if (isJsonObject(processor)) walk(processor, language, out);
    }
  }
}

/**
 * DescribeStateMachine's `variableReferences`: for each state that reads workflow variables,
 * their names in order of first use (API reference: "States that do not use variable references
 * will not be shown"). Nested states of Parallel branches and Map processors are listed too.
 */
export function variableReferences(definition: JsonObject): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const language = typeof definition['QueryLanguage'] === 'string' ? definition['QueryLanguage'] : 'JSONPath';
  walk(definition, language, out);
  return out;
}
