/**
 * The end of an exhaustive `switch` (DESIGN.md style 2): the compiler proves it unreachable, so
 * reaching it at run time is a bug, thrown rather than returned as a spec error (style 3).
 */
export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
