/**
 * Validates the `{StartAt, States}` of a Parallel branch or a Map item processor. Passed down as a
 * value (machine.ts provides it) so that state rules can recurse without an import cycle.
 */
export type CheckSubMachine = (
  definition: unknown,
  location: string,
  kind: 'Branch' | 'ItemProcessor',
) => void;
