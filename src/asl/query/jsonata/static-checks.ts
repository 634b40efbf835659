import jsonata from 'jsonata';
import { expressionText } from './expression.ts';

/** What validation needs to know about one `{% ... %}` string. */
export interface ExpressionFacts {
  /** The parser's message, without JSONata's code (AWS's INVALID_JSONATA_EXPRESSION text). */
  readonly syntaxError: string | undefined;
  /** Names read from the missing top-level context item, e.g. `phone` in `{% phone %}`. */
  readonly topLevelNames: readonly string[];
  /** Whether it reads `$states.errorOutput`, which only a catcher's Output and Assign have. */
  readonly readsErrorOutput: boolean;
  /**
   * The workflow variables it reads, in order of first use: not `$states`, not functions it
   * calls, not names it binds itself (`$x := …`, lambda parameters).
   */
  readonly variables: readonly string[];
}

interface Node {
  readonly type?: string;
  readonly value?: unknown;
  readonly steps?: readonly Node[];
  readonly lhs?: Node | readonly (readonly Node[])[];
  readonly rhs?: Node;
  readonly expression?: Node;
  readonly expressions?: readonly Node[];
  readonly arguments?: readonly Node[];
  readonly condition?: Node;
  readonly then?: Node;
  readonly else?: Node;
}

/**
 * A JSONata expression of a state runs with no context item: data comes from `$states` and the
 * variables. A name read where the context item would be is refused when the definition is
 * created (measured on AWS: "Reference to 'phone' at the top level is not supported.", floci
 * issue #2670). Only positions that keep the root context are visited: the first step of a path,
 * operands, constructors, conditions, blocks, arguments and bindings; predicates, later path
 * steps and lambdas have a context of their own.
 */
function collectTopLevelNames(node: Node | undefined, into: Set<string>): void {
  if (node === undefined) return;
  switch (node.type) {
    case 'name':
      if (typeof node.value === 'string') into.add(node.value);
      return;
    case 'path':
      return collectTopLevelNames(node.steps?.[0], into);
    case 'binary':
    case 'apply':
      collectTopLevelNames(node.lhs as Node | undefined, into);
      return collectTopLevelNames(node.rhs, into);
    case 'bind':
      return collectTopLevelNames(node.rhs, into);
    case 'unary':
      if (node.value === '{') {
        for (const pair of (node.lhs ?? []) as readonly (readonly Node[])[]) {
          for (const part of pair) collectTopLevelNames(part, into);
        }
        return;
      }
      collectTopLevelNames(node.expression, into);
      for (const e of node.expressions ?? []) collectTopLevelNames(e, into);
      return;
    case 'condition':
      collectTopLevelNames(node.condition, into);
      collectTopLevelNames(node.then, into);
      return collectTopLevelNames(node.else, into);
    case 'block':
      for (const e of node.expressions ?? []) collectTopLevelNames(e, into);
      return;
    case 'function':
    case 'partial':
      for (const a of node.arguments ?? []) collectTopLevelNames(a, into);
      return;
    default:
      return;
  }
}

/** `$states.errorOutput` anywhere in the tree. */
function readsErrorOutput(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(readsErrorOutput);
  if (typeof node !== 'object' || node === null) return false;
  const { type, steps } = node as Node;
  if (type === 'path' && steps) {
    const [first, second] = steps;
    if (first?.type === 'variable' && first.value === 'states' && second?.value === 'errorOutput')
      return true;
  }
  return Object.values(node).some(readsErrorOutput);
}

/** Variable nodes of the tree, minus called functions; `bound` collects names bound in it. */
function collectVariables(node: unknown, read: Set<string>, bound: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectVariables(n, read, bound);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const n = node as Node & { procedure?: Node; lhs?: Node; body?: Node; arguments?: readonly Node[] };
  if (n.type === 'variable') {
    if (typeof n.value === 'string' && n.value !== '' && n.value !== 'states') read.add(n.value);
    return;
  }
  if (n.type === 'bind' && (n.lhs as Node | undefined)?.type === 'variable') {
    const name = (n.lhs as Node).value;
    if (typeof name === 'string') bound.add(name);
    collectVariables(n.rhs, read, bound);
    return;
  }
  if (n.type === 'lambda') {
    for (const a of n.arguments ?? []) if (typeof a.value === 'string') bound.add(a.value);
    collectVariables(n.body, read, bound);
    return;
  }
  for (const [key, child] of Object.entries(node)) {
    // `$sum(...)`: the procedure is the function called, not a variable read.
    if (key === 'procedure' && (child as Node | undefined)?.type === 'variable') continue;
    collectVariables(child, read, bound);
  }
}

function variablesRead(ast: unknown): string[] {
  const read = new Set<string>();
  const bound = new Set<string>();
  collectVariables(ast, read, bound);
  return [...read].filter((name) => !bound.has(name));
}

export function expressionFacts(value: string): ExpressionFacts {
  let ast: unknown;
  try {
    ast = jsonata(expressionText(value)).ast();
  } catch (e) {
    const message = (e as { message?: unknown }).message;
    return {
      syntaxError: typeof message === 'string' ? message : String(e),
      topLevelNames: [],
      readsErrorOutput: false,
      variables: [],
    };
  }
  const names = new Set<string>();
  collectTopLevelNames(ast as Node, names);
  return {
    syntaxError: undefined,
    topLevelNames: [...names],
    readsErrorOutput: readsErrorOutput(ast),
    variables: variablesRead(ast),
  };
}
