import type { Json } from '../../json.ts';

/** One node of a parsed intrinsic expression. `source` is the node's text as written. */
export type IntrinsicNode = IntrinsicCall | IntrinsicLiteral | IntrinsicPath;

export interface IntrinsicCall {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly IntrinsicNode[];
  readonly source: string;
  /** Offset of the node in the whole expression, for error messages. */
  readonly at: number;
}

export interface IntrinsicLiteral {
  readonly kind: 'literal';
  readonly value: Json;
  /**
   * For string literals: the text between the quotes with its escapes kept, because
   * States.Format must tell an escaped `\{` from a placeholder `{}`.
   */
  readonly raw?: string;
  readonly source: string;
}

export interface IntrinsicPath {
  readonly kind: 'path';
  readonly source: string;
  readonly at: number;
}
