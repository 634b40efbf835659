import { AslFailure } from '../../errors/failure.ts';
import { StatesErrors } from '../../errors/names.ts';
import { isJsonObject, type Json, type JsonObject } from '../../json.ts';
import { type Field, objectBuilder } from './object-builder.ts';
import { compileIntrinsic, isIntrinsicCall } from '../intrinsics/index.ts';
import { compilePath } from '../jsonpath/index.ts';
import type { Scope } from '../scope.ts';

type Evaluate = (scope: Scope) => Json;

/** A compiled subtree: a constant (built once, shared by every evaluation) or an evaluator. */
type Node = { readonly constant: Json } | { readonly evaluate: Evaluate };

/**
 * Compiles a JSONPath payload template (Parameters, ResultSelector, ItemSelector, Credentials):
 * a key ending in `.$` takes the value of its path or intrinsic call under the key without
 * `.$`; everything else is copied. `_field` names the template (e.g. "Parameters") for callers;
 * AWS's messages name the `.$` key itself. Syntax is assumed valid (validation runs first).
 */
export function compileTemplate(template: Json, _field: string): (scope: Scope) => Json {
  const node = compileNode(template);
  if ('constant' in node) {
    const { constant } = node;
    return () => constant;
  }
  return node.evaluate;
}

function compileNode(template: Json): Node {
  if (Array.isArray(template)) return compileArray(template);
  if (isJsonObject(template)) return compileObject(template);
  return { constant: template };
}

function compileArray(template: Json[]): Node {
  const items = template.map(compileNode);
  if (items.every((n) => 'constant' in n)) return { constant: template };
  const evaluators = items.map(toEvaluate);
  return { evaluate: (scope) => evaluators.map((evaluate) => evaluate(scope)) };
}

function compileObject(template: JsonObject): Node {
  const fields: Field[] = [];
  let dynamic = false;
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') {
      fields.push({ key: key.slice(0, -2), evaluate: compileBinding(key, value) });
      dynamic = true;
    } else {
      const node = compileNode(value);
      if (!('constant' in node)) dynamic = true;
      fields.push({ key, ...node });
    }
  }
  if (!dynamic) return { constant: template };
  return { evaluate: objectBuilder(fields) };
}

function toEvaluate(node: Node): Evaluate {
  if ('evaluate' in node) return node.evaluate;
  const { constant } = node;
  return () => constant;
}

/** One `"key.$": "..."` binding: an intrinsic call or a path that must select something. */
function compileBinding(key: string, source: string): Evaluate {
  if (isIntrinsicCall(source)) return compileIntrinsic(source);
  // AWS (States.Runtime): "The JSONPath '$.x' specified for the field 'x.$' could not be
  // found in the input '{"a":1}'" — the input as compact JSON.
  return compilePath(source).selectOr((scope) => {
    throw new AslFailure(
      StatesErrors.Runtime,
      `The JSONPath '${source}' specified for the field '${key}' could not be found in the input '${JSON.stringify(scope.input)}'`,
    );
  });
}
