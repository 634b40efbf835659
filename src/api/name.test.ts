import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from './errors.ts';
import { checkName } from './name.ts';

test('names with AWS-forbidden characters are InvalidName', () => {
  const forbidden = [
    ' ',
    '\t',
    '\n',
    '\u00a0',
    '?',
    '*',
    '<',
    '>',
    '{',
    '}',
    '[',
    ']',
    '"',
    '#',
    '%',
    '\\',
    '^',
    '|',
    '~',
    '`',
    '$',
    '&',
    ',',
    ';',
    ':',
    '/',
    '\u0000',
    '\u001f',
    '\u007f',
    '\u009f',
  ];
  for (const c of forbidden) {
    assert.throws(
      () => checkName(`a${c}b`),
      (e: unknown) =>
        e instanceof ApiError && e.code === 'InvalidName' && e.message === `Invalid Name: 'a${c}b'`,
      JSON.stringify(c),
    );
  }
});

test('names AWS allows pass', () => {
  for (const name of ['simple', 'with-dash_and.dot', 'MiXeD123', 'ünïcödé', "@!()+='"]) checkName(name);
});
