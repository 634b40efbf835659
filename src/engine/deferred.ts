// A promise settled from outside: what a group commit's waiters wait on.

export interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(e: Error): void;
}

export function deferred(): Deferred {
  let resolve = (): void => {};
  let reject = (_: Error): void => {};
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  // Nobody may be waiting when it fails (a batch no request waits for).
  promise.catch(() => {});
  return { promise, resolve, reject };
}
