// Validation checks paths and intrinsic calls with the same parsers that evaluate them,
// so a definition that validates always compiles.
export { isReferencePath, pathSyntaxError } from '../query/jsonpath/index.ts';
export { intrinsicSyntaxError, isIntrinsicCall } from '../query/intrinsics/index.ts';
