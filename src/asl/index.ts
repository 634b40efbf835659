// The public face of the language layer (DESIGN.md): parse, validate, step, types.
export type { Json, JsonObject } from './json.ts';
export { isJsonObject } from './json.ts';
/** @public for engine/'s exhaustive switches (DESIGN.md style 2): the one definition. */
export { assertNever } from './assert-never.ts';
export type { ErrorValue } from './errors/failure.ts';
export { StatesErrors } from './errors/names.ts';
export type { Machine, State } from './definition/state.ts';
export { compileMachine } from './definition/compile.ts';
export type { TaskResource } from './definition/task-resource.ts';
export { classifyTaskResource } from './definition/task-resource.ts';
export type { Decision, ItemReadSpec, Recovery, ResultWriteSpec, StepEnv } from './decision.ts';
export { enterState, afterTask, afterParallel, afterMap, mapItemsRead, recover } from './step.ts';
/** A query's scope over a step's environment: the engine keeps one so that its class stays known. */
export { scopeOf } from './io.ts';
export type { Diagnostic } from './validate/index.ts';
export { validateDefinition, parseDefinitionText, formatInvalidDefinition } from './validate/index.ts';
export { inspectDataFlow } from './inspect.ts';
export { variableReferences } from './variable-references.ts';
