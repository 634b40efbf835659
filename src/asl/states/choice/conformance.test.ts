// Every recorded AWS case of conformance/cases/choice_operators: one Choice rule, one input,
// and the Pass state AWS reached ("ConditionTrue" or the Default "ConditionFalse").
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '../../../test-support/shared.ts';
import { isJsonObject } from '../../json.ts';
import type { Json, JsonObject } from '../../json.ts';
import { compileChoices } from './index.ts';

const CASES = sharedPath('conformance', 'cases', 'choice_operators');

interface ChoiceCase {
  readonly id: string;
  readonly definition: JsonObject;
  readonly input: Json;
  readonly expect: { readonly status: string; readonly output?: JsonObject };
}

function objectAt(value: Json | undefined, key: string): JsonObject {
  const found = isJsonObject(value) ? value[key] : undefined;
  assert.ok(isJsonObject(found), `expected an object at ${key}`);
  return found;
}

const files = CASES.skip ? [] : readdirSync(CASES.path).filter((file) => file.endsWith('.json'));

describe('choice_operators conformance (recorded on AWS)', { skip: CASES.skip }, () => {
  it('finds all the cases', () => {
    assert.equal(files.length, 301);
  });

  for (const file of files) {
    const recorded = JSON.parse(readFileSync(join(CASES.path, file), 'utf8')) as ChoiceCase;
    it(recorded.id, () => {
      const state = objectAt(objectAt(recorded.definition, 'States'), 'CheckValues');
      const choices = state['Choices'];
      const defaultNext = state['Default'];
      assert.ok(Array.isArray(choices) && choices.every(isJsonObject));
      assert.ok(defaultNext === undefined || typeof defaultNext === 'string');
      assert.equal(recorded.expect.status, 'SUCCEEDED');

      const next = compileChoices(
        choices,
        defaultNext,
      )({
        input: recorded.input,
        context: {},
        variable: () => undefined,
        random: () => 0.5,
        uuid: () => '00000000-0000-4000-8000-000000000000',
      });
      assert.equal(next, recorded.expect.output?.['TestResult.$']);
    });
  }
});
