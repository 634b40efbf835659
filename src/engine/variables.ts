import type { Json, JsonObject } from '../asl/index.ts';

/**
 * Workflow variables of one thread. A Parallel branch or Map iteration gets a child scope: it
 * reads the outer variables, and what it assigns stays inside it (AWS guide, "Passing data
 * between states with variables": inner assignments do not reach the outer scope).
 */
export class VariableScope {
  readonly #own = new Map<string, Json>();
  readonly #parent: VariableScope | undefined;

  constructor(parent?: VariableScope) {
    this.#parent = parent;
  }

  readonly lookup = (name: string): Json | undefined =>
    this.#own.has(name) ? this.#own.get(name) : this.#parent?.lookup(name);

  assign(values: JsonObject): void {
    for (const [name, value] of Object.entries(values)) this.#own.set(name, value);
  }
}
