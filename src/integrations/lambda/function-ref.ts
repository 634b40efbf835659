/**
 * A Lambda function reference as Lambda accepts it: a name, a partial ARN
 * (`ACCOUNT:function:NAME`) or a full ARN, each with an optional `:QUALIFIER`.
 */
export interface FunctionRef {
  readonly name: string;
  readonly qualifier: string | undefined;
  readonly region: string | undefined;
  readonly account: string | undefined;
}

export function parseFunctionRef(ref: string): FunctionRef | undefined {
  const full =
    /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(
      ref,
    );
  if (full) return { region: full[1], account: full[2], name: full[3]!, qualifier: full[4] };
  const partial = /^(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(ref);
  if (partial) return { region: undefined, account: partial[1], name: partial[2]!, qualifier: partial[3] };
  const bare = /^([A-Za-z0-9_-]+)(?::([A-Za-z0-9_$-]+))?$/.exec(ref);
  if (bare) return { region: undefined, account: undefined, name: bare[1]!, qualifier: bare[2] };
  return undefined;
}
