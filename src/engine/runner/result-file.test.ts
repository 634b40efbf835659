import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResultUpload } from '../../integrations/index.ts';
import { ResultFiles } from './result-file.ts';

/** An upload that keeps what it is given, by file. */
function collecting(): ResultUpload & { files: Map<string, Buffer[]> } {
  const files = new Map<string, Buffer[]>();
  return {
    files,
    backlog: 0,
    onDrain: () => {},
    append(key, bytes) {
      // A copy: the caller may reuse nothing it handed over, but the test must see it as sent.
      files.set(key, [...(files.get(key) ?? []), Buffer.from(bytes)]);
    },
    finish: () => Promise.resolve({ ok: true }),
    abort: () => Promise.resolve(),
  };
}

const textOf = (chunks: Buffer[] | undefined): string => Buffer.concat(chunks ?? []).toString('utf8');

describe('ResultFiles', () => {
  it('writes a JSON array and a JSONL file, sizes in UTF-8 bytes', () => {
    for (const jsonl of [false, true]) {
      const upload = collecting();
      const files = new ResultFiles(upload, (n) => `r/SUCCEEDED_${n}`, jsonl, 1e9);
      for (const text of ['{"a":1}', '"é"', 'null']) files.add(text);
      const written = files.end();
      const body = textOf(upload.files.get('r/SUCCEEDED_0'));
      assert.equal(body, jsonl ? '{"a":1}\n"é"\nnull\n' : '[{"a":1},"é",null]');
      assert.deepEqual(written, [{ key: 'r/SUCCEEDED_0', size: Buffer.byteLength(body) }]);
    }
  });

  it('goes on in the next file past the size limit; an entry larger than a block is whole', () => {
    const upload = collecting();
    const files = new ResultFiles(upload, (n) => `f_${n}.json`, false, 40);
    const big = JSON.stringify('x'.repeat(300_000));
    for (const text of ['1', '22', '333', big, '4']) files.add(text);
    const written = files.end();
    assert.deepEqual(
      written.map((f) => f.key),
      ['f_0.json', 'f_1.json', 'f_2.json'],
    );
    assert.equal(textOf(upload.files.get('f_0.json')), '[1,22,333]');
    assert.equal(textOf(upload.files.get('f_1.json')), `[${big}]`);
    assert.equal(textOf(upload.files.get('f_2.json')), '[4]');
    for (const f of written) assert.equal(f.size, Buffer.concat(upload.files.get(f.key)!).length);
  });

  it('ends no file when nothing was added', () => {
    const upload = collecting();
    assert.deepEqual(new ResultFiles(upload, (n) => `f_${n}`, false, 1e9).end(), []);
    assert.equal(upload.files.size, 0);
  });
});
