// JSONata for states whose QueryLanguage is JSONata (AWS guide, "Transforming data with JSONata").
export type { JsonataScope } from './jsonata-scope.ts';
export type { JsonataValue } from './template.ts';
export { compileJsonataValue, valueOf } from './template.ts';
export { isJsonataExpression } from './expression.ts';
export { expressionFacts } from './static-checks.ts';
export { QueryEvaluationFailure } from './query-evaluation-failure.ts';
