import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { urlEncode } from './url-encode.ts';

describe('urlEncode (HTTP Task Transform URL_ENCODED)', () => {
  const body = { q: 'a b&c', tags: ['x', 'y'], page: 2, filter: { kind: 'new' } };

  it('spells arrays per ArrayFormat', () => {
    assert.equal(
      urlEncode(body, 'INDICES'),
      'q=a%20b%26c&tags%5B0%5D=x&tags%5B1%5D=y&page=2&filter%5Bkind%5D=new',
    );
    assert.equal(
      urlEncode(body, 'BRACKETS'),
      'q=a%20b%26c&tags%5B%5D=x&tags%5B%5D=y&page=2&filter%5Bkind%5D=new',
    );
    assert.equal(urlEncode(body, 'REPEAT'), 'q=a%20b%26c&tags=x&tags=y&page=2&filter%5Bkind%5D=new');
    assert.equal(urlEncode(body, 'COMMAS'), 'q=a%20b%26c&tags=x%2Cy&page=2&filter%5Bkind%5D=new');
  });

  it('defaults to INDICES and leaves a non-object body as text', () => {
    assert.equal(urlEncode({ a: [1] }), 'a%5B0%5D=1');
    assert.equal(urlEncode('raw=1'), 'raw=1');
  });
});
