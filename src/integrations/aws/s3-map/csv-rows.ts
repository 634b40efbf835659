/** ReaderConfig.CSVDelimiter's values and the characters they name (AWS guide, "ItemReader (Map)"). */
export const CSV_DELIMITERS: Readonly<Record<string, string>> = {
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  SPACE: ' ',
  TAB: '\t',
};

/**
 * Splits delimited text into rows as Step Functions does ("How Step Functions parses input CSV
 * files"): newlines end records; double quotes enclose fields that hold delimiters or newlines,
 * and a doubled quote is one quote; a backslash escapes a backslash, a quote or the delimiter, and
 * before any other character it is dropped; every field is a string. Text is pushed in chunks (an
 * S3 object's body as it streams) and rows come out as they complete; empty lines are no rows.
 */
export class CsvRows {
  readonly #delimiter: string;
  #field = '';
  #row: string[] = [];
  #quoted = false;
  /** A quote closed the field's quoted part: a second one right after is a literal quote. */
  #quoteClosed = false;
  #escaped = false;
  /** A `\r` was seen; a `\n` right after belongs to the same line end. */
  #cr = false;
  /** Whether the current line has any character (an empty line makes no row). */
  #lineUsed = false;

  constructor(delimiter: string) {
    this.#delimiter = delimiter;
  }

  push(chunk: string): string[][] {
    const rows: string[][] = [];
    const delimiter = this.#delimiter;
    // Ordinary characters outside quotes join the field as one slice of the chunk, not one by
    // one (a string per character, and an iterator step, cost more than the row they make).
    let run = -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (
        !this.#cr &&
        !this.#escaped &&
        !this.#quoted &&
        c !== '\\' &&
        c !== '"' &&
        c !== '\n' &&
        c !== '\r' &&
        c !== delimiter
      ) {
        if (run < 0) run = i;
        this.#quoteClosed = false;
        this.#lineUsed = true;
        continue;
      }
      if (run >= 0) {
        this.#field += chunk.slice(run, i);
        run = -1;
      }
      if (this.#cr) {
        this.#cr = false;
        if (c === '\n') continue;
      }
      if (this.#escaped) {
        this.#escaped = false;
        this.#lineUsed = true;
        // An escaped backslash, quote or delimiter is itself; before anything else the backslash is dropped.
        this.#field += c;
        continue;
      }
      if (c === '\\') {
        this.#escaped = true;
        this.#quoteClosed = false;
        continue;
      }
      if (this.#quoted) {
        if (c === '"') {
          this.#quoted = false;
          this.#quoteClosed = true;
        } else this.#field += c;
        continue;
      }
      if (c === '"') {
        // "" inside a quoted field is a literal quote: the closing quote and this one reopen it.
        if (this.#quoteClosed) this.#field += '"';
        this.#quoted = true;
        this.#quoteClosed = false;
        this.#lineUsed = true;
        continue;
      }
      this.#quoteClosed = false;
      if (c === '\n' || c === '\r') {
        if (c === '\r') this.#cr = true;
        const row = this.#endLine();
        if (row) rows.push(row);
        continue;
      }
      this.#lineUsed = true;
      if (c === delimiter) {
        this.#row.push(this.#field);
        this.#field = '';
      } else this.#field += c;
    }
    if (run >= 0) this.#field += chunk.slice(run);
    return rows;
  }

  /** The last row, when the text does not end with a newline. */
  end(): string[][] {
    const row = this.#endLine();
    return row ? [row] : [];
  }

  #endLine(): string[] | undefined {
    const used = this.#lineUsed;
    this.#row.push(this.#field);
    const row = this.#row;
    this.#row = [];
    this.#field = '';
    this.#lineUsed = false;
    return used ? row : undefined;
  }
}
