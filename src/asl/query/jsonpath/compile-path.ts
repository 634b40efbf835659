import type { Json } from '../../json.ts';
import type { Scope } from '../scope.ts';
import { evaluatePath, planPath, type PathPlan } from './evaluate-path.ts';
import { parsePath } from './parse-path.ts';
import type { PathRoot } from './segments.ts';
import { simpleSelect } from './simple-select.ts';

/**
 * A compiled path: `$...` (input), `$$...` (context object) or `$name...` (variable).
 * Compiled once per definition, evaluated many times.
 */
export interface PathQuery {
  readonly source: string;
  /** True when the path can select at most one value (no wildcard, filter, slice, union, deep scan). */
  readonly definite: boolean;
  /**
   * The selected value; undefined when a definite path selects nothing.
   * An indefinite path returns the array of matches (Jayway JsonPath semantics, which AWS uses).
   */
  select(scope: Scope): Json | undefined;
  /** Jayway's description of a failed selection, e.g. "No results for path: $['a']". */
  noResults(scope: Scope): string;
  /**
   * A selection that must select something: `missing` answers (throws) otherwise. One function
   * per field, so that a simple path's generated walk is called from its field's own site.
   */
  selectOr(missing: (scope: Scope) => never): (scope: Scope) => Json;
}

/** Compiles a path; throws PathSyntaxError for invalid syntax (validation reports it first). */
export function compilePath(source: string): PathQuery {
  const plan = planPath(parsePath(source));
  const steps = simpleSteps(plan);
  const rootOf = rootReader(plan.root);
  const simple = steps && simpleSelect(plan.root, steps, rootOf);
  const run = (scope: Scope) => evaluatePath(plan, (root) => resolveRoot(root, scope));
  const select =
    simple !== undefined
      ? simple
      : (scope: Scope): Json | undefined => {
          const { values, failure } = run(scope);
          if (failure !== undefined) return undefined;
          return plan.definite ? values[0] : values;
        };
  return {
    source,
    definite: plan.definite,
    select,
    noResults: (scope) => run(scope).failure ?? `No results for path: ${plan.normalized}`,
    selectOr: (missing) =>
      steps !== undefined
        ? (simpleSelect(plan.root, steps, rootOf, missing) as (scope: Scope) => Json)
        : (scope) => {
            const value = select(scope);
            return value === undefined ? missing(scope) : value;
          },
  };
}

function resolveRoot(root: PathRoot, scope: Scope): Json | undefined {
  return rootReader(root)(scope);
}

function rootReader(root: PathRoot): (scope: Scope) => Json | undefined {
  switch (root.kind) {
    case 'input':
    case 'current':
      return (scope) => scope.input;
    case 'context':
      return (scope) => scope.context;
    case 'variable': {
      const { name } = root;
      return (scope) => scope.variable(name);
    }
  }
}

/** Property names and indexes of a path made only of single steps: the common, fast case. */
function simpleSteps(plan: PathPlan): readonly (string | number)[] | undefined {
  const steps: (string | number)[] = [];
  for (const segment of plan.segments) {
    if (segment.kind === 'property' && segment.names.length === 1) steps.push(segment.names[0]!);
    else if (segment.kind === 'index' && segment.indices.length === 1) steps.push(segment.indices[0]!);
    else return undefined;
  }
  return steps;
}
