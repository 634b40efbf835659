// Payload templates of the JSONPath query language (Parameters, ResultSelector, ItemSelector, ...).
export { compileTemplate } from './compile-template.ts';
export { templateBindings, templateProblems } from './template-bindings.ts';
