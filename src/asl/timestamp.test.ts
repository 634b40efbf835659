import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatTimestamp, parseTimestamp } from './timestamp.ts';

const T0 = Date.UTC(2012, 9, 9, 19, 0, 55);

describe('parseTimestamp', () => {
  it('reads Z timestamps with and without fractions (recorded on AWS: Z, .00Z, .000000Z, .0000000Z)', () => {
    assert.equal(parseTimestamp('2012-10-09T19:00:55Z'), T0);
    assert.equal(parseTimestamp('2012-10-09T19:00:55.00Z'), T0);
    assert.equal(parseTimestamp('2012-10-09T19:00:55.000000Z'), T0);
    assert.equal(parseTimestamp('2012-10-09T19:00:55.0000000Z'), T0);
    assert.equal(parseTimestamp('2012-10-09T19:00:55.123Z'), T0 + 123);
    assert.equal(parseTimestamp('2012-10-09T19:00:55.123456789Z'), T0 + 123.456789);
  });

  it('rejects a timestamp without offset (recorded on AWS: "", ".000000", ".000")', () => {
    assert.equal(parseTimestamp('2012-10-09T19:00:55'), undefined);
    assert.equal(parseTimestamp('2012-10-09T19:00:55.000000'), undefined);
    assert.equal(parseTimestamp('2012-10-09T19:00:55.000'), undefined);
  });

  it('rejects dates alone, spaces for T, and other shapes', () => {
    for (const text of [
      '2023-02-24',
      '2023-02-24 12:15:56.832957',
      '2023-02-24 12:15:56Z',
      '',
      'HelloWorld',
      '2012-10-09T19:00:55.1234567890Z',
      '2012-10-09T19:00:55+0100',
      '2012-10-09T19Z',
      '12-10-09T19:00:55Z',
      ' 2012-10-09T19:00:55Z',
      '2012-10-09T19:00:55Z ',
    ]) {
      assert.equal(parseTimestamp(text), undefined, text);
    }
  });

  it('applies numeric offsets (+HH, +HH:MM, +HH:MM:SS)', () => {
    assert.equal(parseTimestamp('2012-10-09T20:00:55+01:00'), T0);
    assert.equal(parseTimestamp('2012-10-09T20:00:55+01'), T0);
    assert.equal(parseTimestamp('2012-10-09T18:30:55-00:30'), T0);
    assert.equal(parseTimestamp('2012-10-09T19:00:56+00:00:01'), T0);
    assert.equal(parseTimestamp('2012-10-09T19:00:55-00:00'), T0);
    assert.equal(parseTimestamp('2012-10-09T19:00:55+18:01'), undefined);
    assert.equal(parseTimestamp('2012-10-09T19:00:55+01:60'), undefined);
  });

  it('accepts lowercase t and z and omitted seconds, as the Java ISO parser AWS uses does', () => {
    assert.equal(parseTimestamp('2012-10-09t19:00:55z'), T0);
    assert.equal(parseTimestamp('2012-10-09T19:00Z'), T0 - 55_000);
  });

  it('checks the calendar strictly', () => {
    assert.equal(parseTimestamp('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
    assert.equal(parseTimestamp('2023-02-29T00:00:00Z'), undefined);
    assert.equal(parseTimestamp('1900-02-29T00:00:00Z'), undefined);
    assert.equal(parseTimestamp('2000-02-29T00:00:00Z'), Date.UTC(2000, 1, 29));
    assert.equal(parseTimestamp('2023-04-31T00:00:00Z'), undefined);
    assert.equal(parseTimestamp('2023-13-01T00:00:00Z'), undefined);
    assert.equal(parseTimestamp('2023-00-01T00:00:00Z'), undefined);
    assert.equal(parseTimestamp('2023-01-00T00:00:00Z'), undefined);
    assert.equal(parseTimestamp('2023-01-01T24:00:00Z'), undefined);
    assert.equal(parseTimestamp('2023-01-01T23:60:00Z'), undefined);
    assert.equal(parseTimestamp('2016-12-31T23:59:60Z'), undefined);
  });

  it('handles years before 1970 and signed extended years', () => {
    assert.equal(parseTimestamp('1969-12-31T23:59:59Z'), -1000);
    assert.equal(parseTimestamp('0000-01-01T00:00:00Z'), new Date('0000-01-01T00:00:00Z').getTime());
    assert.equal(parseTimestamp('+10000-01-01T00:00:00Z'), new Date('+010000-01-01T00:00:00Z').getTime());
    assert.equal(parseTimestamp('-2016-01-01T00:00:00Z'), undefined);
    assert.equal(parseTimestamp('+2016-01-01T00:00:00Z'), undefined);
  });

  it('orders sub-millisecond fractions', () => {
    const a = parseTimestamp('2012-10-09T19:00:55.0001Z');
    const b = parseTimestamp('2012-10-09T19:00:55.0002Z');
    assert.ok(a !== undefined && b !== undefined && a < b);
  });
});

describe('formatTimestamp', () => {
  it('writes the context-object form with milliseconds and Z', () => {
    assert.equal(formatTimestamp(Date.UTC(2024, 0, 1)), '2024-01-01T00:00:00.000Z');
    assert.equal(formatTimestamp(T0 + 7), '2012-10-09T19:00:55.007Z');
  });

  it('round-trips through parseTimestamp', () => {
    const ms = Date.UTC(2031, 5, 15, 8, 9, 10, 123);
    assert.equal(parseTimestamp(formatTimestamp(ms)), ms);
  });
});
