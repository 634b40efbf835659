import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addState } from './edit-ops.ts';
import { printDefinition } from './history.ts';
import type { JsonObject } from './json-edit.ts';
import { TOP } from './scope.ts';
import { initialStudio, studioReducer } from './studio-state.ts';

const start: JsonObject = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };

test('design edits undo and redo; the code text follows', () => {
  let s = initialStudio(start);
  const added = addState(start, TOP, 'B', { Type: 'Succeed' }, { kind: 'after', name: 'A' });
  s = studioReducer(s, { kind: 'edit', definition: added, select: { scope: TOP, name: 'B' } });
  assert.equal(s.history.present.text, printDefinition(added));
  assert.equal(s.selected?.name, 'B');
  s = studioReducer(s, { kind: 'undo' });
  assert.deepEqual(s.history.present.definition, start);
  assert.equal(s.selected, undefined, 'B is gone, so is its selection');
  s = studioReducer(s, { kind: 'redo' });
  assert.deepEqual(s.history.present.definition, added);
});

test('code edits: invalid JSON keeps the last definition; typing is one undo step', () => {
  let s = initialStudio(start);
  s = studioReducer(s, { kind: 'code', text: '{"StartAt": "A", "States": {' });
  assert.match(s.codeProblem ?? '', /JSON/);
  assert.deepEqual(s.history.present.definition, start);
  const text = '{"StartAt":"X","States":{"X":{"Type":"Succeed"}}}';
  s = studioReducer(s, { kind: 'code', text });
  assert.equal(s.codeProblem, undefined);
  assert.equal(s.history.present.text, text, 'what was typed stays as typed');
  assert.deepEqual(s.history.present.definition, { StartAt: 'X', States: { X: { Type: 'Succeed' } } });
  s = studioReducer(s, { kind: 'undo' });
  assert.deepEqual(s.history.present.definition, start);
  assert.equal(s.history.past.length, 0);
});

test('edits tagged alike (one field being typed) are one step', () => {
  let s = initialStudio(start);
  for (const result of [1, 12, 123]) {
    s = studioReducer(s, {
      kind: 'edit',
      definition: { StartAt: 'A', States: { A: { Type: 'Pass', Result: result, End: true } } },
      tag: 'A/Result',
    });
  }
  assert.equal(s.history.past.length, 1);
  s = studioReducer(s, { kind: 'undo' });
  assert.deepEqual(s.history.present.definition, start);
});

test('shift/ctrl-click adds to the selection or takes out; the last is inspected; edits keep it', () => {
  const def: JsonObject = {
    StartAt: 'A',
    States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'C' }, C: { Type: 'Succeed' } },
  };
  const at = (name: string) => ({ scope: TOP, name });
  let s = initialStudio(def);
  s = studioReducer(s, { kind: 'select', state: at('A') });
  s = studioReducer(s, { kind: 'select', state: at('C'), toggle: true });
  assert.deepEqual(
    s.selection.map((x) => x.name),
    ['A', 'C'],
  );
  assert.equal(s.selected?.name, 'C');
  s = studioReducer(s, { kind: 'select', state: at('C'), toggle: true });
  assert.deepEqual(
    s.selection.map((x) => x.name),
    ['A'],
  );
  assert.equal(s.selected?.name, 'A');
  s = studioReducer(s, { kind: 'select-many', states: [at('B'), at('C'), at('Gone')] });
  assert.deepEqual(
    s.selection.map((x) => x.name),
    ['B', 'C'],
  );
  const edited = { ...def, Comment: 'x' };
  s = studioReducer(s, { kind: 'edit', definition: edited });
  assert.deepEqual(
    s.selection.map((x) => x.name),
    ['B', 'C'],
    'an edit keeps the selection',
  );
  s = studioReducer(s, { kind: 'select', state: undefined });
  assert.deepEqual(s.selection, []);
  assert.equal(s.selected, undefined);
});
