import type { Json, JsonObject } from '../json.ts';
import type { Evaluator, ResultMerger } from './evaluator.ts';
import { compileTemplate } from '../query/template/index.ts';
import { compileResultPath } from '../query/jsonpath/index.ts';

export interface Retrier {
  readonly errorEquals: readonly string[];
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
  readonly maxDelaySeconds: number | undefined;
  readonly jitter: 'FULL' | 'NONE';
}

export interface Catcher {
  readonly errorEquals: readonly string[];
  readonly next: string;
  readonly resultPath: ResultMerger;
  /** Assign, evaluated against the error output. */
  readonly assign: Evaluator | undefined;
}

const num = (v: Json | undefined, dflt: number): number => (typeof v === 'number' ? v : dflt);
const strings = (v: Json | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

// Defaults from the States Language spec: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0.
export function compileRetriers(raw: Json | undefined): Retrier[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((r) => {
    const o = r as JsonObject;
    return {
      errorEquals: strings(o['ErrorEquals']),
      intervalSeconds: num(o['IntervalSeconds'], 1),
      maxAttempts: num(o['MaxAttempts'], 3),
      backoffRate: num(o['BackoffRate'], 2),
      maxDelaySeconds: typeof o['MaxDelaySeconds'] === 'number' ? o['MaxDelaySeconds'] : undefined,
      jitter: o['JitterStrategy'] === 'FULL' ? 'FULL' : 'NONE',
    };
  });
}

/** A JSONata state's catchers keep Output/Assign in its JSONata fields; theirs stay empty here. */
export function compileCatchers(raw: Json | undefined, jsonata = false): Catcher[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((c) => {
    const o = c as JsonObject;
    const rp = o['ResultPath'];
    return {
      errorEquals: strings(o['ErrorEquals']),
      next: typeof o['Next'] === 'string' ? o['Next'] : '',
      resultPath: compileResultPath(rp === undefined ? '$' : (rp as string | null)),
      assign: jsonata || o['Assign'] === undefined ? undefined : compileTemplate(o['Assign'], 'Assign'),
    };
  });
}
