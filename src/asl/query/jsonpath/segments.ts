import type { Json } from '../../json.ts';

/** Where a path starts: `$` (input), `$$` (context object), `$name` (variable), `@` (filter item). */
export type PathRoot =
  | { readonly kind: 'input' }
  | { readonly kind: 'context' }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'current' };

/** One step of a Jayway path, as Jayway's own path tokens split it. */
export type Segment =
  | { readonly kind: 'property'; readonly names: readonly string[] }
  | { readonly kind: 'index'; readonly indices: readonly number[] }
  /** `[(@.length-n)]` or `[(@.size()-n)]`: the element `n` from the end (Jayway's script index). */
  | { readonly kind: 'fromEnd'; readonly count: number }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'slice'; readonly from: number | undefined; readonly to: number | undefined }
  | { readonly kind: 'filter'; readonly predicate: FilterExpr; readonly text: string }
  | { readonly kind: 'scan' }
  | { readonly kind: 'function'; readonly name: PathFunctionName };

export type PathFunctionName =
  'length' | 'size' | 'min' | 'max' | 'avg' | 'sum' | 'stddev' | 'keys' | 'first' | 'last';

export interface ParsedPath {
  readonly root: PathRoot;
  readonly segments: readonly Segment[];
}

export type RelationalOperator =
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '=~'
  | 'in'
  | 'nin'
  | 'subsetof'
  | 'anyof'
  | 'noneof'
  | 'size'
  | 'empty'
  | 'contains';

export type FilterOperand =
  | { readonly kind: 'path'; readonly path: ParsedPath }
  | { readonly kind: 'literal'; readonly value: Json }
  | { readonly kind: 'regex'; readonly regex: RegExp };

/** A filter expression `[?( ... )]`; a lone path operand is an existence check. */
export type FilterExpr =
  | { readonly kind: 'or'; readonly left: FilterExpr; readonly right: FilterExpr }
  | { readonly kind: 'and'; readonly left: FilterExpr; readonly right: FilterExpr }
  | { readonly kind: 'not'; readonly operand: FilterExpr }
  | { readonly kind: 'exists'; readonly operand: FilterOperand }
  | {
      readonly kind: 'compare';
      readonly operator: RelationalOperator;
      readonly left: FilterOperand;
      readonly right: FilterOperand;
    };

/** True when the segment can select at most one value (Jayway's isTokenDefinite). */
export function isDefiniteSegment(segment: Segment, leaf: boolean): boolean {
  switch (segment.kind) {
    case 'property':
      // Jayway merges `['a','b']` into one object when it is the last token.
      return segment.names.length === 1 || leaf;
    case 'index':
      return segment.indices.length === 1;
    case 'function':
    case 'fromEnd':
      return true;
    case 'wildcard':
    case 'slice':
    case 'filter':
    case 'scan':
      return false;
  }
}
