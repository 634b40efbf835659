import type { SqlValue, Statement } from '../sql/index.ts';

/**
 * A transaction's statements as simple-protocol messages, with their values written as literals:
 * one round trip instead of one per statement, which on a loaded machine is what a durable start
 * waits for most. Without fences the statements are one message and no BEGIN: PostgreSQL runs
 * the statements of one simple query as one implicit transaction, committed at its end or rolled
 * back whole at its first error, which then leaves no transaction open on the connection (an
 * answer still means committed: the commit is the query's). Statements with a `fence` (the lease
 * checks) go first, after BEGIN, in a message of their own, so that their row counts are read
 * before anything else is written; the rest and COMMIT follow in a second one.
 */
export interface InlinedTransaction {
  /** `BEGIN` and the fenced statements, when there are any. */
  readonly fenced: { readonly sql: string; readonly fences: readonly number[] } | undefined;
  /** The other statements: the whole transaction when nothing is fenced, else them and `COMMIT`. */
  readonly rest: string;
}

/** The dollar quote of strings: JSON text seldom holds it, and then it is written as E'…'. */
const TAG = '$v$';

/**
 * Strings dollar-quoted: nothing to escape here nor to unescape for PostgreSQL, and JSON's `\"`
 * is sent as it is, not doubled. A value holding the tag, or ending with all of it but its last
 * `$` (the closing tag would then close it early), is an E'…' string instead, which means the
 * same whatever `standard_conforming_strings` says.
 */
function literal(value: SqlValue): string | undefined {
  if (value === null) return 'NULL';
  // A negative number in parentheses: `a -?` must never read as the comment `a --1`.
  if (typeof value === 'number')
    return Number.isFinite(value) ? (value < 0 ? `(${value})` : String(value)) : undefined;
  // PostgreSQL text holds no NUL; a parameter carries it to the server, which refuses it there.
  if (value.includes('\0')) return undefined;
  if (!value.includes(TAG) && !value.endsWith('$v')) return TAG + value + TAG;
  return `E'${value.replace(/['\\]/g, '$&$&')}'`;
}

/**
 * `?` placeholders filled in order (the store's SQL has no `?` in its own literals, and none
 * right after a word, which a dollar quote would join).
 */
function inline(statement: Statement): string | undefined {
  const { sql, params } = statement;
  let out = '';
  let from = 0;
  let i = 0;
  for (let at = sql.indexOf('?'); at !== -1; at = sql.indexOf('?', from)) {
    const text = literal(params[i++] ?? null);
    if (text === undefined) return undefined;
    out += sql.slice(from, at) + text;
    from = at + 1;
  }
  return i === params.length ? out + sql.slice(from) : undefined;
}

/** Undefined when a value cannot be written as a literal: the statements then go one by one. */
export function inlineTransaction(statements: readonly Statement[]): InlinedTransaction | undefined {
  let first = 0;
  while (first < statements.length && statements[first]?.fence !== undefined) first++;
  if (statements.slice(first).some((s) => s.fence !== undefined)) return undefined;
  const texts: string[] = [];
  for (const s of statements) {
    const text = inline(s);
    if (text === undefined) return undefined;
    texts.push(text);
  }
  if (first === 0) return { fenced: undefined, rest: texts.join(';\n') };
  return {
    fenced: {
      sql: ['BEGIN', ...texts.slice(0, first)].join(';\n'),
      fences: statements.slice(0, first).map((s) => s.fence ?? 0),
    },
    rest: [...texts.slice(first), 'COMMIT'].join(';\n'),
  };
}
