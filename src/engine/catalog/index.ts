// State machine versions, aliases and tags: the engine's catalog beside the machines themselves.
export type {
  CreateStateMachineInput,
  ExecutionSource,
  StateMachineRecord,
  StateMachineType,
  StateMachineVersion,
  UpdateStateMachineInput,
} from './state-machine.ts';
export { DEFAULT_LOGGING, DEFAULT_TRACING, revisionKey, sameJson } from './state-machine.ts';
export { parseQualifiedArn } from './qualified-arn.ts';
export type { Tag } from './tags.ts';
export { TagRegistry } from './tags.ts';
export type { AliasRecord, RoutingEntry, VersionRecord } from './versions.ts';
export { resourceNotFound, VersionCatalog } from './versions.ts';
export type { Catalog } from './stored-catalog.ts';
export { loadCatalog, reloadResource } from './stored-catalog.ts';
