import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CsvRows } from './csv-rows.ts';

const rowsOf = (chunks: readonly string[], delimiter = ','): string[][] => {
  const parser = new CsvRows(delimiter);
  return [...chunks.flatMap((c) => parser.push(c)), ...parser.end()];
};

// Quotes, doubled quotes, backslash escapes, CRLF and empty lines, as AWS parses them
// ("How Step Functions parses input CSV files").
const TEXT =
  'id,name,note\r\n1,plain,"a, quoted"\n\n2,"say ""hi""",back\\,slash\r\n3,é ünï,"multi\nline"\n4,x\\y,\\"q\n5,,';
const ROWS = [
  ['id', 'name', 'note'],
  ['1', 'plain', 'a, quoted'],
  ['2', 'say "hi"', 'back,slash'],
  ['3', 'é ünï', 'multi\nline'],
  ['4', 'xy', '"q'],
  ['5', '', ''],
];

describe('CsvRows', () => {
  it('parses fields, quotes, escapes and line ends', () => {
    assert.deepEqual(rowsOf([TEXT]), ROWS);
  });

  it('gives the same rows whatever the chunk boundaries', () => {
    for (let size = 1; size <= 7; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < TEXT.length; i += size) chunks.push(TEXT.slice(i, i + size));
      assert.deepEqual(rowsOf(chunks), ROWS, `chunks of ${size}`);
    }
  });

  it('splits on the delimiter it is given only', () => {
    assert.deepEqual(rowsOf(['a|b,c\n', 'd|e']), [['a|b', 'c'], ['d|e']]);
    assert.deepEqual(rowsOf(['a|b,c\n', 'd|e'], '|'), [
      ['a', 'b,c'],
      ['d', 'e'],
    ]);
  });
});
