import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CHUNK_CHARS, chunkEnd, FileSink } from './log-sink.ts';

test('a batch is cut into chunks of at most CHUNK_CHARS, each line whole, none left out', () => {
  const third = 'x'.repeat(Math.floor(CHUNK_CHARS / 3));
  const lines = [third, third, third, 'a', third, 'x'.repeat(CHUNK_CHARS + 5), 'b'];
  const chunks: string[][] = [];
  for (let start = 0; start < lines.length;) {
    const end = chunkEnd(lines, start);
    chunks.push(lines.slice(start, end));
    start = end;
  }
  assert.deepEqual(chunks.flat(), lines);
  assert.deepEqual(
    chunks.map((c) => c.length),
    [3, 2, 1, 1],
  );
  // A line longer than a chunk goes alone; the others stay within the bound with their newlines.
  for (const chunk of chunks.filter((c) => c.length > 1)) {
    assert.ok(chunk.join('\n').length <= CHUNK_CHARS);
  }
});

test('a file sink writes a burst larger than one chunk completely and in order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-log-sink-'));
  try {
    const file = join(dir, 'executions.jsonl');
    const sink = new FileSink(file, { maxBytes: 1 << 30 });
    const line = (i: number): string => JSON.stringify({ id: String(i), pad: 'p'.repeat(1000) });
    const count = Math.ceil((3 * CHUNK_CHARS) / 1000);
    for (let i = 0; i < count; i++) sink.write(line(i));
    await sink.flush();
    const written = readFileSync(file, 'utf8').split('\n');
    assert.equal(written.pop(), '');
    assert.equal(written.length, count);
    assert.equal(written[0], line(0));
    assert.equal(written[count - 1], line(count - 1));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
