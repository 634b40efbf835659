// Every palette template, in both query languages, is a state the validator (the same code as
// ValidateStateMachineDefinition) accepts once its Choice rule has a target; two of each in one
// definition (one of Succeed and Fail, which nothing can follow) keep every state name unique.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateDefinition } from '../../src/asl/index.ts';
import { addState, uniqueName } from '../../web/src/studio/edit-ops.ts';
import type { JsonObject } from '../../web/src/studio/json-edit.ts';
import { TOP } from '../../web/src/studio/scope.ts';
import { TEMPLATES } from '../../web/src/studio/templates.ts';

for (const language of ['JSONPath', 'JSONata'] as const) {
  test(`every template is valid in ${language}, twice over`, () => {
    for (const template of TEMPLATES) {
      let definition: JsonObject = { QueryLanguage: language, StartAt: '', States: {} };
      const copies = template.id === 'succeed' || template.id === 'fail' ? 1 : 2;
      for (let copy = 0; copy < copies; copy++) {
        const name = uniqueName(definition, template.name);
        const last = Object.keys(definition.States as JsonObject).at(-1);
        const placement =
          last === undefined ? { kind: 'alone' as const } : { kind: 'after' as const, name: last };
        definition = addState(definition, TOP, name, template.state(language, name), placement);
      }
      // A Choice's first rule and Default need a target: the designer's next drop gives them one.
      if (template.id === 'choice')
        definition = addState(definition, TOP, 'Done', { Type: 'Succeed' }, { kind: 'alone' });
      const states = definition.States as Record<string, JsonObject>;
      for (const state of Object.values(states)) {
        if (state.Type !== 'Choice') continue;
        const rules = state.Choices as JsonObject[];
        for (const rule of rules) rule.Next ??= 'Done';
        state.Default ??= 'Done';
      }
      const errors = validateDefinition(definition).filter((d) => d.severity === 'ERROR');
      assert.deepEqual(errors, [], `${template.id}: ${JSON.stringify(definition)}`);
    }
  });
}
