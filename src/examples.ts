import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Engine } from './engine/index.ts';
import type { LocalFunctions, LocalHandler } from './integrations/index.ts';
import { importUserModule, UserModuleError } from './user-module.ts';

/** The bundled examples: `examples/<name>/definition.asl.json` (+ `functions.mjs`). */
export const EXAMPLES_DIR = resolve(import.meta.dirname, '..', 'examples');
const EXAMPLE_ROLE = 'arn:aws:iam::123456789012:role/stepwise-examples';

/** The handlers a module exports as `functions` (or its default export), by name. */
export async function exportedFunctions(file: string): Promise<Record<string, LocalHandler>> {
  const mod = (await importUserModule(file, 'functions module')) as {
    functions?: Record<string, LocalHandler>;
    default?: Record<string, LocalHandler>;
  };
  const handlers = mod.functions ?? mod.default;
  if (!handlers || typeof handlers !== 'object') {
    throw new UserModuleError(
      `functions module ${file} exports no 'functions' object (name -> handler): add \`export const functions = { name: async (event) => … }\``,
    );
  }
  return handlers;
}

/** Loads a module exporting `functions` (or a default export) of name -> handler. */
export async function loadFunctionModule(file: string, into: LocalFunctions): Promise<void> {
  into.registerAll(await exportedFunctions(file));
}

/** The activities a definition's Task states use, by name. */
export function activityNames(definition: string): string[] {
  return [...definition.matchAll(/"arn:aws:states:[a-z0-9-]+:\d{12}:activity:([^"]+)"/g)].map((m) => m[1]!);
}

/** Registers every example's functions and creates its state machine; returns their names. */
export async function loadExamples(
  engine: Engine,
  functions: LocalFunctions,
  dir = EXAMPLES_DIR,
): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const names: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const base = join(dir, entry.name);
    const definitionFile = join(base, 'definition.asl.json');
    if (!existsSync(definitionFile)) continue;
    const fnFile = join(base, 'functions.mjs');
    if (existsSync(fnFile)) await loadFunctionModule(fnFile, functions);
    const definition = readFileSync(definitionFile, 'utf8');
    // An example's activities exist before its state machine, as a deployment would create them.
    for (const name of activityNames(definition)) engine.taskControl.createActivity(name);
    engine.createStateMachine({ name: entry.name, definition, roleArn: EXAMPLE_ROLE });
    names.push(entry.name);
  }
  return names;
}
