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
export type { QualifiedArn } from './qualified-arn.ts';
export { parseQualifiedArn } from './qualified-arn.ts';
export type { Tag } from './tags.ts';
export { MAX_TAGS, TagRegistry } from './tags.ts';
export type { AliasRecord, CatalogData, RoutingEntry, VersionRecord } from './versions.ts';
export { MAX_ALIASES, MAX_VERSIONS, resourceNotFound, VersionCatalog } from './versions.ts';
export type { Catalog, DocumentWriter } from './stored-catalog.ts';
export { loadCatalog, reloadResource } from './stored-catalog.ts';
export type { MachinesDeps, Registered } from './machines.ts';
export { compileStored, StateMachines } from './machines.ts';
export { Published } from './published.ts';
export { Tagging } from './tagging.ts';
export type { StartSource, StartTarget } from './start-target.ts';
export { findStartTarget, startSource } from './start-target.ts';
