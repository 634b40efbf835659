// The public face of the API layer: the AWS JSON 1.0 protocol of Step Functions over node:http.
export { createApiHandler, isApiRequest, MAX_REQUEST_BYTES } from './handler.ts';
export { actions } from './actions/index.ts';
// Also the check of signed requests that tests' stand-ins for AWS services make.
export { verifySignature } from './sigv4.ts';
export type { Shape } from './shape.ts';
// Stepwise extensions' wire shapes, for the CLI's `diff`.
export type { CompareExecutionsOutput, StateVisitShape } from './fork-shapes.ts';
