// The public face of the API layer: the AWS JSON 1.0 protocol of Step Functions over node:http.
export type { ApiOptions } from './handler.ts';
export { createApiHandler, isApiRequest, MAX_REQUEST_BYTES } from './handler.ts';
export type { Credentials } from './sigv4.ts';
export type { Action } from './action.ts';
export { actions } from './actions/index.ts';
export type { Shape } from './shape.ts';
