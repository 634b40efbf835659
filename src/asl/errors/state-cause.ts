/** AWS's cause for an error raised while running a state's own fields (recorded on AWS). */
export function stateErrorCause(stateName: string, enteredEventId: number, cause: string): string {
  return `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${cause}`;
}
