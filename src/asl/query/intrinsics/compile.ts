import { AslFailure } from '../../errors/failure.ts';
import { StatesErrors } from '../../errors/names.ts';
import type { Json } from '../../json.ts';
import { compilePath } from '../jsonpath/index.ts';
import type { Scope } from '../scope.ts';
import type { IntrinsicCall, IntrinsicNode, IntrinsicPath } from './ast.ts';
import { intrinsicFunction } from './functions/index.ts';
import { parseIntrinsic } from './parse.ts';
import { IntrinsicSyntaxError } from './syntax-error.ts';

type Evaluator = (scope: Scope) => Json;

/**
 * Parses and links an intrinsic expression into an evaluator. Throws IntrinsicSyntaxError for
 * anything a definition validator should reject (grammar, unknown function, malformed path);
 * argument types and counts are checked when evaluating, because AWS reports them at runtime.
 */
export function buildIntrinsic(source: string): Evaluator {
  const evaluate = compileCall(parseIntrinsic(source));
  const label = source.trim();
  return (scope) => {
    try {
      return evaluate(scope);
    } catch (error) {
      if (!(error instanceof AslFailure)) throw error;
      // AWS names the whole expression before the detail of what went wrong.
      throw new AslFailure(
        error.error,
        `There was an error while evaluating the intrinsic function: ${label}. ${error.cause}`,
      );
    }
  };
}

function compileNode(node: IntrinsicNode): Evaluator {
  switch (node.kind) {
    case 'call':
      return compileCall(node);
    case 'path':
      return compileArgumentPath(node);
    case 'literal': {
      const value = node.value;
      return () => value;
    }
  }
}

function compileCall(node: IntrinsicCall): Evaluator {
  const rawStrings = node.args.map((arg) => (arg.kind === 'literal' ? arg.raw : undefined));
  const fn = intrinsicFunction(node.name, rawStrings);
  if (fn === undefined) {
    throw new IntrinsicSyntaxError(`unknown intrinsic function '${node.name}'`, node.at);
  }
  const args = node.args.map(compileNode);
  const n = args.length;
  return (scope) => {
    // A loop, not `args.map` with a closure: every call of every intrinsic runs it.
    const values: Json[] = [];
    for (let i = 0; i < n; i++) values.push(args[i]!(scope));
    return fn(values, { scope, rawStrings });
  };
}

function compileArgumentPath(node: IntrinsicPath): Evaluator {
  let query;
  try {
    query = compilePath(node.source);
  } catch (error) {
    const detail =
      error instanceof AslFailure ? error.cause : error instanceof Error ? error.message : String(error);
    throw new IntrinsicSyntaxError(`invalid path '${node.source}': ${detail}`, node.at);
  }
  return query.selectOr((scope) => {
    const input = node.source.startsWith('$$') ? scope.context : scope.input;
    throw new AslFailure(
      StatesErrors.Runtime,
      `The JsonPath argument for the field '${node.source}' could not be found in the input '${JSON.stringify(input)}'`,
    );
  });
}
