import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Engine } from '../engine/index.ts';
import type { LocalHandler } from '../integrations/index.ts';
import type { LocalFunctions } from '../integrations/drivers.ts';
import type { ScheduleDeclaration } from '../triggers/index.ts';
import { importUserModule, UserModuleError } from './user-module.ts';

/** The bundled examples: `examples/<name>/definition.asl.json` (+ `functions.mjs`). */
export const EXAMPLES_DIR = resolve(import.meta.dirname, '..', '..', 'examples');
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

/** The example folders: those with a `definition.asl.json`. */
function exampleDirs(dir: string): { name: string; base: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'definition.asl.json')))
    .map((e) => ({ name: e.name, base: join(dir, e.name) }));
}

/**
 * Registers every example's functions. Done before open executions resume: an example execution
 * left waiting by the last run must find its functions there.
 */
export async function loadExampleFunctions(functions: LocalFunctions, dir = EXAMPLES_DIR): Promise<void> {
  for (const { base } of exampleDirs(dir)) {
    const fnFile = join(base, 'functions.mjs');
    if (existsSync(fnFile)) await loadFunctionModule(fnFile, functions);
  }
}

/** Creates every example's activities and state machine; returns their names. */
export function createExampleMachines(engine: Engine, dir = EXAMPLES_DIR): string[] {
  return exampleDirs(dir).map(({ name, base }) => {
    const definition = readFileSync(join(base, 'definition.asl.json'), 'utf8');
    // An example's activities exist before its state machine, as a deployment would create them.
    for (const activity of activityNames(definition)) engine.taskControl.createActivity(activity);
    engine.createStateMachine({ name, definition, roleArn: EXAMPLE_ROLE });
    return name;
  });
}

/** Registers every example's functions and creates its state machine; returns their names. */
export async function loadExamples(
  engine: Engine,
  functions: LocalFunctions,
  dir = EXAMPLES_DIR,
): Promise<string[]> {
  await loadExampleFunctions(functions, dir);
  return createExampleMachines(engine, dir);
}

/**
 * The examples' schedules: `examples/<name>/schedule.json` (a configuration file's schedule,
 * whose state machine is the example's unless it names another).
 */
export function exampleSchedules(dir = EXAMPLES_DIR): ScheduleDeclaration[] {
  return exampleDirs(dir)
    .filter(({ base }) => existsSync(join(base, 'schedule.json')))
    .map(({ name, base }) => ({
      stateMachine: name,
      ...(JSON.parse(readFileSync(join(base, 'schedule.json'), 'utf8')) as Omit<
        ScheduleDeclaration,
        'stateMachine'
      >),
    }));
}
