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

/** References parsed so far (a Task's resource is parsed at every call); bounded, as names may be data. */
const parsed = new Map<string, FunctionRef | undefined>();
const PARSED_MAX = 1024;

export function parseFunctionRef(ref: string): FunctionRef | undefined {
  if (parsed.has(ref)) return parsed.get(ref);
  const found = parse(ref);
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(ref, found);
  return found;
}

function parse(ref: string): FunctionRef | undefined {
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
