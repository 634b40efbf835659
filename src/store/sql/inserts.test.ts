import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHUNK, inserts, valuesInsert } from './inserts.ts';

describe('multi-row INSERTs', () => {
  const sql = valuesInsert('INSERT INTO t (a, b)', 2, 'ON CONFLICT (a) DO NOTHING');

  it('have one tuple of placeholders per row, and the tail after them', () => {
    assert.equal(sql(1), 'INSERT INTO t (a, b) VALUES (?, ?) ON CONFLICT (a) DO NOTHING');
    assert.equal(sql(3), 'INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?) ON CONFLICT (a) DO NOTHING');
    assert.equal(valuesInsert('INSERT INTO t (a)', 1)(2), 'INSERT INTO t (a) VALUES (?), (?)');
  });

  it('split rows CHUNK to a statement, each with the text of its own row count', () => {
    const rows = Array.from({ length: CHUNK + 3 }, (_, i) => i);
    const statements = inserts(sql, rows, (n) => [n, -n]);
    assert.deepEqual(
      statements.map((s) => s.params.length),
      [2 * CHUNK, 6],
    );
    assert.equal(statements[0]!.sql, sql(CHUNK));
    assert.equal(statements[1]!.sql, sql(3));
    assert.deepEqual(statements[1]!.params, [CHUNK, -CHUNK, CHUNK + 1, -CHUNK - 1, CHUNK + 2, -CHUNK - 2]);
  });
});
