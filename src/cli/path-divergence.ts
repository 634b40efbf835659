/**
 * Where a run's path leaves the expected one, named by state: what `stepwise test` shows when a
 * changed workflow no longer runs as the saved execution did.
 */
export function pathDivergence(expected: readonly string[], actual: readonly string[]): string | undefined {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  if (i === expected.length && i === actual.length) return undefined;
  const after = i === 0 ? 'at the start' : `after '${actual[i - 1]}' (state ${i} of the path)`;
  if (i === actual.length) return `the run stopped ${after}; expected next '${expected[i]}'`;
  if (i === expected.length) return `the run went on ${after} into '${actual[i]}'; expected it to end there`;
  return `diverges at '${actual[i]}' ${after}: expected '${expected[i]}'`;
}
