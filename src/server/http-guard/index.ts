// What keeps web pages a user visits from driving their Stepwise: Host, Origin and CORS checks.
export { createRequestGuard, STANDING_HEADERS } from './request-guard.ts';
