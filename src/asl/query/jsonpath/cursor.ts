/** A syntax error in a path; `message` is meant for validation diagnostics. */
export class PathSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathSyntaxError';
  }
}

/** Reading position over a path's source text, shared by the path and filter parsers. */
export class Cursor {
  readonly text: string;
  pos = 0;
  constructor(text: string) {
    this.text = text;
  }
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }
  startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }
  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === '\n' || this.peek() === '\r') {
      this.pos++;
    }
  }
  expect(token: string): void {
    if (!this.startsWith(token)) {
      this.fail(`Expected '${token}'`);
    }
    this.pos += token.length;
  }
  fail(reason: string): never {
    throw new PathSyntaxError(`${reason} at position ${this.pos} in path '${this.text}'`);
  }
  /** A quoted string (single or double quotes) with backslash escapes, the cursor on its quote. */
  readQuoted(): string {
    const quote = this.peek();
    this.pos++;
    let out = '';
    while (!this.done) {
      const c = this.peek();
      if (c === '\\') {
        const next = this.peek(1);
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
        this.pos += 2;
        continue;
      }
      if (c === quote) {
        this.pos++;
        return out;
      }
      out += c;
      this.pos++;
    }
    return this.fail('Unterminated string');
  }
  /** An optionally signed integer. */
  readInteger(): number | undefined {
    const match = /^-?\d+/.exec(this.text.slice(this.pos));
    if (match === null) return undefined;
    this.pos += match[0].length;
    return Number(match[0]);
  }
}
