import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathDivergence } from './path-divergence.ts';

describe('pathDivergence', () => {
  it('names the state where the run left the expected path, and the one before it', () => {
    assert.equal(pathDivergence(['A', 'B', 'C'], ['A', 'B', 'C']), undefined);
    assert.equal(
      pathDivergence(['A', 'Check', 'Ok'], ['A', 'Check', 'Reject']),
      "diverges at 'Reject' after 'Check' (state 2 of the path): expected 'Ok'",
    );
    assert.equal(pathDivergence(['A', 'B'], ['X']), "diverges at 'X' at the start: expected 'A'");
    assert.equal(
      pathDivergence(['A', 'B'], ['A']),
      "the run stopped after 'A' (state 1 of the path); expected next 'B'",
    );
    assert.equal(
      pathDivergence(['A'], ['A', 'B']),
      "the run went on after 'A' (state 1 of the path) into 'B'; expected it to end there",
    );
  });
});
