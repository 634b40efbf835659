import type { Json, JsonObject } from '../../asl/index.ts';
import type { ForkOrigin } from '../execution-record.ts';
import type { Thread } from '../history/thread.ts';
import type { VariableScope } from '../variables.ts';
import { assignedTexts } from './state-exit.ts';

/** A fork's edit, parsed once per run: the state it applies to and what it replaces there. */
export interface ForkEdit {
  readonly afterEventId: number;
  readonly stateName: string;
  readonly input: Json | undefined;
  readonly variables: JsonObject | undefined;
}

export function forkEditOf(origin: ForkOrigin | undefined): ForkEdit | undefined {
  const edit = origin?.edit;
  if (!edit) return undefined;
  return {
    afterEventId: edit.afterEventId,
    stateName: edit.stateName,
    input: edit.input === undefined ? undefined : (JSON.parse(edit.input) as Json),
    variables: edit.variables === undefined ? undefined : (JSON.parse(edit.variables) as JsonObject),
  };
}

/**
 * The fork point's state is entered with the edited input and variables. It is found by the
 * thread's last event (the copied event before it) and its name, so a replay after a crash meets
 * it again at the same place; the edited StateEntered event then records the edited input.
 */
export function applyForkEdit(
  edit: ForkEdit,
  visit: { input: Json; readonly thread: Thread; readonly vars: VariableScope },
  name: string,
): void {
  if (visit.thread.last !== edit.afterEventId || name !== edit.stateName) return;
  if (edit.input !== undefined) visit.input = edit.input;
  // Checked against the quotas when the fork was made (executions/fork.ts).
  if (edit.variables !== undefined) visit.vars.assign(edit.variables, assignedTexts(edit.variables));
}
