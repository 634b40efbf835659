import { report, schema, type Context } from './context.ts';
import { DiagnosticCodes } from './diagnostic.ts';
import { checkEnum, checkNumber, checkString } from './field-checks.ts';
import { hasTerminalState, reachableStates } from './graph.ts';
import { child } from './location.ts';
import { checkProcessorConfig } from './map.ts';
import { Messages } from './messages.ts';
import { checkState } from './state.ts';
import type { CheckSubMachine } from './sub-machine.ts';
import { has, isFields, type Fields } from './values.ts';

const topLevelFields = new Set([
  'Comment',
  'StartAt',
  'States',
  'Version',
  'TimeoutSeconds',
  'QueryLanguage',
]);
const branchFields = new Set(['Comment', 'StartAt', 'States']);
const processorFields = new Set(['Comment', 'StartAt', 'States', 'ProcessorConfig']);

// AWS's limit on state names (service quotas: names are 1-80 characters).
const MAX_STATE_NAME = 80;

/** The whole definition; the root's location is the empty string, as AWS prints it ("... at "). */
export function checkTopLevel(ctx: Context, definition: Fields): void {
  for (const field of Object.keys(definition))
    if (!topLevelFields.has(field)) schema(ctx, Messages.notSupported(field), '');
  if (has(definition, 'Comment')) checkString(ctx, definition.Comment, '/Comment');
  if (has(definition, 'Version')) checkEnum(ctx, definition.Version, ['1.0'], '/Version');
  if (has(definition, 'QueryLanguage'))
    checkEnum(ctx, definition.QueryLanguage, ['JSONPath', 'JSONata'], '/QueryLanguage');
  // Zero is accepted at the top level (measured, cdk-preflight 2026-09-05).
  if (has(definition, 'TimeoutSeconds'))
    checkNumber(
      ctx,
      definition.TimeoutSeconds,
      { integer: true, min: 0, max: 99_999_999 },
      'JSONPath',
      '/TimeoutSeconds',
    );
  checkStates(ctx, definition, '', 'top');
}

/** Branches and item processors are machines of their own: own StartAt, own graph, no QueryLanguage (floci #2968). */
function subMachineChecker(ctx: Context): CheckSubMachine {
  return (definition, location, kind) => {
    if (!isFields(definition)) return schema(ctx, Messages.expectedType('OBJECT'), location);
    const known = kind === 'Branch' ? branchFields : processorFields;
    for (const field of Object.keys(definition))
      if (!known.has(field)) schema(ctx, Messages.notSupported(field), location);
    if (has(definition, 'Comment')) checkString(ctx, definition.Comment, child(location, 'Comment'));
    if (has(definition, 'ProcessorConfig'))
      checkProcessorConfig(ctx, definition.ProcessorConfig, child(location, 'ProcessorConfig'));
    checkStates(ctx, definition, location, 'sub');
  };
}

/** StartAt + States of a machine or sub-machine, each state, then the graph. */
function checkStates(ctx: Context, machine: Fields, location: string, level: 'top' | 'sub'): void {
  const missing = ['StartAt', 'States'].filter((f) => !has(machine, f));
  if (missing.length > 0) schema(ctx, Messages.required(missing), location);
  const startAt =
    has(machine, 'StartAt') && checkString(ctx, machine.StartAt, child(location, 'StartAt'))
      ? machine.StartAt
      : undefined;
  if (!has(machine, 'States')) return;
  const statesLocation = child(location, 'States');
  const states = machine.States;
  if (!isFields(states)) return schema(ctx, Messages.expectedType('OBJECT'), statesLocation);
  if (Object.keys(states).length === 0) return schema(ctx, Messages.empty, statesLocation);

  const names = new Set(Object.keys(states));
  const recurse = subMachineChecker(ctx);
  for (const [name, state] of Object.entries(states)) {
    const here = child(statesLocation, name);
    checkName(ctx, name, here);
    checkState(ctx, state, here, names, recurse);
  }

  if (startAt !== undefined && !names.has(startAt)) {
    report(
      ctx,
      DiagnosticCodes.MissingTransitionTarget,
      Messages.missingTarget(startAt),
      child(location, 'StartAt'),
    );
  }
  // MISSING_END_STATE is top-level only and replaces the reachability report there (floci #2786, measured).
  if (level === 'top' && !hasTerminalState(states)) {
    report(ctx, DiagnosticCodes.MissingEndState, Messages.noTerminalState);
    return;
  }
  const reached = startAt === undefined ? new Set<string>() : reachableStates(states, startAt);
  for (const name of names) {
    if (!reached.has(name))
      report(
        ctx,
        DiagnosticCodes.MissingTransitionTarget,
        Messages.unreachable(name),
        child(statesLocation, name),
      );
  }
}

/** State names: at most 80 characters, unique across the whole machine including branches (ASL spec). */
function checkName(ctx: Context, name: string, location: string): void {
  if (name.length === 0 || name.length > MAX_STATE_NAME)
    report(ctx, DiagnosticCodes.InvalidStateName, Messages.stateNameTooLong(name), location);
  if (ctx.stateNames.has(name))
    report(ctx, DiagnosticCodes.DuplicateStateName, Messages.duplicateStateName(name), location);
  else ctx.stateNames.set(name, location);
}
