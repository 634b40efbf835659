/**
 * How Lambda's Node.js runtime reports a thrown value (aws-lambda-nodejs-runtime-interface-client,
 * `toRapidResponse`): an error by its `name` (so `class MyError extends Error {}` is "Error" unless
 * it sets `name`), anything else by its `typeof` ("string", "object") and its text.
 */
export function lambdaError(e: unknown): { errorType: string; errorMessage: string; trace: string[] } {
  if (e instanceof Error) {
    return { errorType: e.name || 'Error', errorMessage: e.message, trace: (e.stack ?? '').split('\n') };
  }
  return { errorType: typeof e, errorMessage: String(e), trace: [] };
}
