// The studio's edit model over every definition we have (examples/ and the conformance corpus,
// recorded on AWS): design → code → design and design → YAML → design change nothing, and the
// inspector's and canvas's no-op edits (rename there and back, a rule rewritten as it is, a state
// added then deleted) leave the definition byte for byte as it was, unknown fields and key
// order included.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { sharedPath } from '../../src/test-support/shared.ts';
import { comparisonOf, convertRule, ruleKind, withComparison } from '../../web/src/studio/choice-model.ts';
import {
  addState,
  deleteState,
  renameState,
  replaceState,
  uniqueName,
} from '../../web/src/studio/edit-ops.ts';
import { printDefinition } from '../../web/src/studio/history.ts';
import type { JsonObject } from '../../web/src/studio/json-edit.ts';
import { isObject } from '../../web/src/studio/json-edit.ts';
import { stateAt, statesById, TOP } from '../../web/src/studio/scope.ts';
import { initialStudio, studioReducer } from '../../web/src/studio/studio-state.ts';
import { fromYaml, toYaml } from '../../web/src/studio/yaml-text.ts';

const EXAMPLES = resolve(import.meta.dirname, '..', '..', 'examples');
const CASES = sharedPath('conformance', 'cases');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name))
      : entry.name.endsWith('.json')
        ? [join(dir, entry.name)]
        : [],
  );
}

function definitions(): { name: string; definition: JsonObject }[] {
  const out = readdirSync(EXAMPLES).map((name) => ({
    name: `examples/${name}`,
    definition: JSON.parse(readFileSync(join(EXAMPLES, name, 'definition.asl.json'), 'utf8')) as JsonObject,
  }));
  if (CASES.skip === false) {
    for (const file of filesUnder(CASES.path)) {
      const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (!isObject(data)) continue;
      const definition =
        typeof data.definition === 'string' ? (JSON.parse(data.definition) as unknown) : data.definition;
      if (isObject(definition)) out.push({ name: String(data.id), definition });
    }
  }
  return out;
}

/** Every no-op the designer can make on one definition, each checked against the printed text. */
function roundTrip(definition: JsonObject): void {
  const text = printDefinition(definition);
  const same = (edited: JsonObject, what: string): void => assert.equal(printDefinition(edited), text, what);

  // design → code → design
  const coded = studioReducer(initialStudio(definition), { kind: 'code', text });
  assert.equal(coded.codeProblem, undefined);
  same(coded.history.present.definition, 'code pane');
  // design → YAML → design
  const yaml = fromYaml(toYaml(definition));
  assert.ok('definition' in yaml, 'problem' in yaml ? yaml.problem : '');
  same(yaml.definition, 'YAML view');

  for (const { scope, name } of statesById(definition).values()) {
    const state = stateAt(definition, scope, name);
    if (!state) continue;
    const temporary = uniqueName(definition, `${name} renamed`);
    same(
      renameState(renameState(definition, scope, name, temporary), scope, temporary, name),
      `rename ${name}`,
    );
    same(replaceState(definition, scope, name, { ...state }), `inspector on ${name}`);
    if (state.Type !== 'Choice' || !Array.isArray(state.Choices)) continue;
    for (const rule of state.Choices) {
      if (!isObject(rule)) continue;
      assert.equal(JSON.stringify(convertRule(rule, ruleKind(rule))), JSON.stringify(rule));
      if (ruleKind(rule) === 'Comparison' && 'Variable' in rule) {
        const { operand } = comparisonOf(rule);
        assert.equal(
          JSON.stringify(withComparison(rule, { operand })),
          JSON.stringify(rule),
          `rule of ${name}`,
        );
      }
    }
  }
  const extra = uniqueName(definition, 'Added');
  same(
    deleteState(addState(definition, TOP, extra, { Type: 'Pass', End: true }, { kind: 'alone' }), TOP, extra),
    'add + delete',
  );
}

describe('studio round trip', () => {
  const all = definitions();

  test('over every example definition', () => {
    const examples = all.filter((d) => d.name.startsWith('examples/'));
    assert.ok(examples.length >= 5);
    for (const { name, definition } of examples) assert.doesNotThrow(() => roundTrip(definition), name);
  });

  test('over the conformance corpus', { skip: CASES.skip }, () => {
    const cases = all.filter((d) => !d.name.startsWith('examples/'));
    assert.ok(cases.length > 100, `${cases.length} cases`);
    for (const { name, definition } of cases) {
      try {
        roundTrip(definition);
      } catch (error) {
        assert.fail(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });
});
