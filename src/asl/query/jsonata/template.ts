import { isJsonObject, setOwn, type Json, type JsonObject } from '../../json.ts';
import { compileExpression, isJsonataExpression, type JsonataEvaluate } from './expression.ts';
import type { JsonataScope } from './jsonata-scope.ts';

/** A compiled JSONata field value: a constant, or something to evaluate. */
export type JsonataValue = { readonly constant: Json } | { readonly evaluate: JsonataEvaluate };

/**
 * Compiles a field of a JSONata state (Arguments, Output, Assign, ItemSelector, Items, ...): every
 * string that is wholly `{% ... %}`, at any depth of objects and arrays, is an expression; the rest
 * is literal (keys are never evaluated). `location` names the field as AWS's causes do:
 * "Output/FunctionResult", "Output/list[1]" (floci #2689, measured). Constant subtrees are kept
 * as they are and shared.
 */
export function compileJsonataValue(value: Json, location: string): JsonataValue {
  if (isJsonataExpression(value)) return { evaluate: compileExpression(value, location) };
  if (Array.isArray(value)) {
    const items = value.map((item, i) => compileJsonataValue(item, `${location}[${i}]`));
    if (items.every((n) => 'constant' in n)) return { constant: value };
    return {
      evaluate: async (scope) => {
        const out: Json[] = [];
        // In order, so that the first failing element is the one reported.
        for (const n of items) out.push(await valueOf(n, scope));
        return out;
      },
    };
  }
  if (isJsonObject(value)) {
    const entries = Object.entries(value).map(
      ([key, v]) => [key, compileJsonataValue(v, `${location}/${key}`)] as const,
    );
    if (entries.every(([, n]) => 'constant' in n)) return { constant: value };
    return {
      evaluate: async (scope) => {
        const out: JsonObject = {};
        for (const [key, n] of entries) {
          const v = await valueOf(n, scope);
          setOwn(out, key, v);
        }
        return out;
      },
    };
  }
  return { constant: value };
}

/** The value of a compiled field for one evaluation. */
export function valueOf(node: JsonataValue, scope: JsonataScope): Json | Promise<Json> {
  return 'evaluate' in node ? node.evaluate(scope) : node.constant;
}
