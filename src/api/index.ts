// The public face of the API layer: the AWS JSON 1.0 protocol of Step Functions over node:http.
export { createApiHandler, isApiRequest, MAX_REQUEST_BYTES } from './handler.ts';
export { actions } from './actions/index.ts';
export type { Shape } from './shape.ts';
