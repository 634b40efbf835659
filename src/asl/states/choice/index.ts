// JSONPath Choice rules (States Language "Choice State"). JSONata rules use `Condition` instead.
export { compileChoiceRule } from './rule.ts';
export { compileChoiceMatch, compileChoices, NO_CHOICE_MATCHED_CAUSE } from './choices.ts';
