import type { Json, JsonObject } from '../asl/index.ts';

/** AWS quotas (guide, "Passing data between states with variables"): 256 KiB per variable... */
export const MAX_VARIABLE_BYTES = 262_144;
/** ...and 10 MiB for all the variables of an execution. */
export const MAX_TOTAL_VARIABLE_BYTES = 10 * 1024 * 1024;

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Workflow variables of one thread. A Parallel branch or Map iteration gets a child scope: it
 * reads the outer variables, and what it assigns stays inside it (AWS guide, "Passing data
 * between states with variables": inner assignments do not reach the outer scope).
 */
export class VariableScope {
  /** Made at the first assignment: most scopes (every Map iteration has one) assign nothing. */
  private own: Map<string, Json> | undefined;
  /** UTF-8 size of each own variable's JSON text, for the 10 MiB quota. */
  private bytes: Map<string, number> | undefined;
  private ownTotal = 0;
  private readonly parent: VariableScope | undefined;

  constructor(parent?: VariableScope) {
    this.parent = parent;
  }

  readonly lookup = (name: string): Json | undefined =>
    this.own?.has(name) ? this.own.get(name) : this.parent?.lookup(name);

  /** Bytes held by this scope and the scopes it sees. */
  private totalBytes(): number {
    return this.ownTotal + (this.parent ? this.parent.totalBytes() : 0);
  }

  /**
   * Applies a state's assignments, given with their JSON texts (already made for the history), or
   * applies none and names the quota they exceed (States.DataLimitExceeded).
   */
  assign(values: JsonObject, texts: Readonly<Record<string, string>>): 'variable' | 'total' | undefined {
    let total = this.totalBytes();
    const sizes: [string, number][] = [];
    for (const name of Object.keys(values)) {
      const text = texts[name] ?? 'null';
      const size = utf8Bytes(text);
      if (size > MAX_VARIABLE_BYTES) return 'variable';
      total += size - (this.bytes?.get(name) ?? 0);
      sizes.push([name, size]);
    }
    if (total > MAX_TOTAL_VARIABLE_BYTES) return 'total';
    const own = (this.own ??= new Map());
    const bytes = (this.bytes ??= new Map());
    for (const [name, size] of sizes) {
      this.ownTotal += size - (bytes.get(name) ?? 0);
      bytes.set(name, size);
      own.set(name, values[name] ?? null);
    }
    return undefined;
  }
}
