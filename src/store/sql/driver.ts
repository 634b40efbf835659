/** One SQL statement with `?` placeholders (drivers translate them to their own). */
export interface Statement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

export type SqlValue = string | number | null;

export type Row = Record<string, unknown>;

/** The little the SQL store needs from a database: queries and atomic batches. */
export interface SqlDriver {
  readonly dialect: 'sqlite' | 'postgres';
  query(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Runs all statements in one transaction: all are applied or none. */
  transaction(statements: readonly Statement[]): Promise<void>;
  close(): Promise<void>;
}
