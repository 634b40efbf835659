import type { TaskResult } from '../task-runner.ts';
import type { FunctionBackend, FunctionCall } from './function-call.ts';

type Log = (name: string, line: string) => void;

const toStderr: Log = (name, line) => process.stderr.write(`[${name}] ${line}\n`);

/**
 * Functions named in the configuration, each with settings `F`, that a subclass runs its own way
 * (a process per call, a pool of worker threads). Paths in the settings are relative to `base`;
 * what a function prints goes to `log`.
 */
export abstract class ConfiguredFunctions<F> implements FunctionBackend {
  readonly #functions: ReadonlyMap<string, F>;
  protected readonly base: string;
  protected readonly log: Log;

  constructor(functions: Readonly<Record<string, F>>, base: string, log: Log = toStderr) {
    this.#functions = new Map(Object.entries(functions));
    this.base = base;
    this.log = log;
  }

  knows(name: string): boolean {
    return this.#functions.has(name);
  }

  invoke(call: FunctionCall): Promise<TaskResult> | undefined {
    const fn = this.#functions.get(call.name);
    if (fn === undefined) return undefined;
    return this.run(call, fn);
  }

  protected settingsOf(name: string): F | undefined {
    return this.#functions.get(name);
  }

  protected abstract run(call: FunctionCall, fn: F): Promise<TaskResult>;
}
