// JSONPath for the JSONPath query language: Jayway JsonPath semantics, as AWS uses them.
export { compilePath, type PathQuery } from './compile-path.ts';
export { PathSyntaxError } from './cursor.ts';
export { isReferencePath, pathSyntaxError } from './path-checks.ts';
export { compileResultPath } from './result-path.ts';
