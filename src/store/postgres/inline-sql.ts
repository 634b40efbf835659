import type { SqlValue, Statement } from '../sql/index.ts';

/**
 * A transaction's statements as simple-protocol messages, with their values written as literals:
 * one round trip for `BEGIN; …` and one for `COMMIT`, instead of one per statement, which on a
 * loaded machine is what a durable start waits for most. COMMIT stays a message of its own, sent
 * once the statements have answered: a server that dies meanwhile never commits (PostgreSQL rolls
 * back the session it left). Statements with a `fence` (the lease checks) go first, in a message
 * of their own, so that their row counts are read before anything else is written.
 */
export interface InlinedTransaction {
  /** `BEGIN` and the fenced statements, when there are any. */
  readonly fenced: { readonly sql: string; readonly fences: readonly number[] } | undefined;
  /** The other statements (after `BEGIN` when nothing is fenced); empty when there are none. */
  readonly rest: string;
}

/** E'…' strings mean the same whatever `standard_conforming_strings` says. */
function literal(value: SqlValue): string | undefined {
  if (value === null) return 'NULL';
  // A negative number in parentheses: `a -?` must never read as the comment `a --1`.
  if (typeof value === 'number')
    return Number.isFinite(value) ? (value < 0 ? `(${value})` : String(value)) : undefined;
  // PostgreSQL text holds no NUL; a parameter carries it to the server, which refuses it there.
  if (value.includes('\0')) return undefined;
  return `E'${value.replace(/['\\]/g, '$&$&')}'`;
}

/** `?` placeholders filled in order (the store's SQL has no `?` in its own literals). */
function inline(statement: Statement): string | undefined {
  let i = 0;
  let failed = false;
  const sql = statement.sql.replace(/\?/g, () => {
    const text = literal(statement.params[i++] ?? null);
    if (text === undefined) failed = true;
    return text ?? '';
  });
  return failed || i !== statement.params.length ? undefined : sql;
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
  if (first === 0) return { fenced: undefined, rest: ['BEGIN', ...texts].join(';\n') };
  return {
    fenced: {
      sql: ['BEGIN', ...texts.slice(0, first)].join(';\n'),
      fences: statements.slice(0, first).map((s) => s.fence ?? 0),
    },
    rest: texts.slice(first).join(';\n'),
  };
}
