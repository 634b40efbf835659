import jsonata from 'jsonata';
import { setOwn, type Json } from '../../json.ts';
import { awsFunctions } from './aws-functions.ts';
import type { JsonataScope } from './jsonata-scope.ts';
import { QueryEvaluationFailure } from './query-evaluation-failure.ts';

/** A whole string wrapped in `{% ... %}`, nothing before or after (AWS guide). */
export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 4 && value.startsWith('{%') && value.endsWith('%}');
}

/** The expression text of a `{% ... %}` string, as AWS quotes it in causes. */
export function expressionText(value: string): string {
  return value.slice(2, -2).trim();
}

interface JsonataError {
  readonly code?: unknown;
  readonly message?: unknown;
}

/**
 * AWS bounds an evaluation: nesting deeper than 100, or running too long, fails the state with
 * these texts and no JSONata code (measured on AWS, floci issues #2737/#2783: "threw an error
 * during evaluation: Stack overflow error: ..."). The time bound also keeps one expression from
 * holding the whole server, since JSONata evaluation never yields to the event loop.
 */
const GUARDRAILS = { stack: 100, timeout: 5000 };
const BOUND_MESSAGES: Readonly<Record<string, string>> = {
  D1011:
    'Stack overflow error: Check for non-terminating recursive function. Consider rewriting as tail-recursive.',
  D1012: 'Expression evaluation timeout: Check for infinite loop',
};

/**
 * The tail of AWS's cause after "threw an error during evaluation": ". T1006: Attempted to invoke
 * a non-function" for a JSONata error with a code, ": <message>" for one without.
 */
export function jsonataErrorTail(e: unknown): string {
  const { code, message } = (typeof e === 'object' && e !== null ? e : {}) as JsonataError;
  if (typeof code === 'string' && BOUND_MESSAGES[code] !== undefined) return `: ${BOUND_MESSAGES[code]}`;
  const text = typeof message === 'string' ? message : String(e);
  return typeof code === 'string' ? `. ${code}: ${text}` : `: ${text}`;
}

/** Names of the `$variables` an expression reads, so only those are looked up and bound. */
function variablesOf(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) {
    for (const n of node) variablesOf(n, into);
  } else if (typeof node === 'object' && node !== null) {
    const { type, value } = node as { type?: unknown; value?: unknown };
    if (type === 'variable' && typeof value === 'string' && value !== '' && value !== 'states') {
      into.add(value);
    }
    for (const child of Object.values(node)) variablesOf(child, into);
  }
  return into;
}

export type JsonataEvaluate = (scope: JsonataScope) => Promise<Json>;

/**
 * Compiles the `{% ... %}` string of the field at `location` (e.g. "Output/FunctionResult") once.
 * The evaluator binds `$states`, the variables the expression names and AWS's functions, and
 * throws QueryEvaluationFailure with AWS's cause when evaluation fails or gives nothing.
 */
export function compileExpression(value: string, location: string): JsonataEvaluate {
  const text = expressionText(value);
  const quoted = `The JSONata expression '${text}' specified for the field '${location}'`;
  let expression: jsonata.Expression;
  try {
    expression = jsonata(text, GUARDRAILS);
  } catch (e) {
    // Validation reports syntax errors first; this keeps an unvalidated model from crashing.
    const cause = `${quoted} could not be parsed${jsonataErrorTail(e)}`;
    return () => Promise.reject(new QueryEvaluationFailure(cause, location));
  }
  const names = [...variablesOf(expression.ast(), new Set())];
  return async (scope) => {
    const bindings: Record<string, unknown> = { ...awsFunctions(scope) };
    for (const name of names) {
      const v = scope.variable(name);
      if (v !== undefined) bindings[name] = v;
    }
    bindings['states'] = scope.states;
    let result: unknown;
    try {
      result = await expression.evaluate(undefined, bindings);
    } catch (e) {
      throw new QueryEvaluationFailure(
        `${quoted} threw an error during evaluation${jsonataErrorTail(e)}`,
        location,
      );
    }
    if (result === undefined) {
      throw new QueryEvaluationFailure(`${quoted} returned nothing (undefined).`, location);
    }
    return toJson(result);
  };
}

/**
 * JSONata may answer with sequences (arrays with extra flags) or functions; state data is JSON.
 * Plain values are returned as they are; functions become null inside containers, as
 * JSON.stringify would drop or null them.
 */
function toJson(value: unknown): Json {
  if (typeof value === 'function') return null;
  // JSON has no negative zero ($parse("-0") is 0, recorded: test_parse.0).
  if (typeof value === 'number') return Object.is(value, -0) ? 0 : value;
  if (typeof value !== 'object' || value === null) return value as Json;
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : toJson(v)));
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function') continue;
    setOwn(out, k, toJson(v));
  }
  return out;
}
