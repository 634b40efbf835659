/**
 * A state machine ARN with an optional qualifier: `…:stateMachine:NAME` (the machine),
 * `…:stateMachine:NAME:7` (version 7) or `…:stateMachine:NAME:prod` (alias `prod`). Alias names
 * must contain a non-digit (API reference, CreateStateMachineAlias `name`), so an all-digit
 * qualifier is always a version.
 */
export type QualifiedArn =
  | { readonly kind: 'machine'; readonly base: string }
  | { readonly kind: 'version'; readonly base: string; readonly version: number }
  | { readonly kind: 'alias'; readonly base: string; readonly alias: string };

export function parseQualifiedArn(arn: string): QualifiedArn {
  const parts = arn.split(':');
  const base = parts.slice(0, 7).join(':');
  const qualifier = parts[7];
  if (parts.length !== 8 || qualifier === undefined) return { kind: 'machine', base: arn };
  if (/^[0-9]+$/.test(qualifier)) return { kind: 'version', base, version: Number(qualifier) };
  return { kind: 'alias', base, alias: qualifier };
}
