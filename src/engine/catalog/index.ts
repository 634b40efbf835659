// State machine versions, aliases and tags: the engine's catalog beside the machines themselves.
export type {
  CreateStateMachineInput,
  ExecutionSource,
  StateMachineRecord,
  StateMachineType,
  StateMachineVersion,
  UpdateStateMachineInput,
} from './state-machine.ts';
export { revisionKey } from './state-machine.ts';
export { parseQualifiedArn } from './qualified-arn.ts';
export type { Tag } from './tags.ts';
export type { AliasRecord, RoutingEntry } from './versions.ts';
export { resourceNotFound } from './versions.ts';
export type { Catalog } from './stored-catalog.ts';
export { loadCatalog, reloadResource } from './stored-catalog.ts';
export type { Registered } from './machines.ts';
export { compileStored, StateMachines } from './machines.ts';
export { Published } from './published.ts';
export { Tagging } from './tagging.ts';
export type { StartSource, StartTarget } from './start-target.ts';
export { findStartTarget, startSource } from './start-target.ts';
