/** A malformed intrinsic expression, found while parsing (before any evaluation). */
export class IntrinsicSyntaxError extends Error {
  readonly at: number;
  constructor(message: string, at: number) {
    super(message);
    this.name = 'IntrinsicSyntaxError';
    this.at = at;
  }
}
