import { useCallback, useEffect, useEffectEvent, useState } from 'react';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  readonly reload: () => void;
}

interface Result<T> {
  readonly data: T | undefined;
  /** The key `data` was loaded for: a loader only ever sees its own key's previous answer. */
  readonly dataKey: string | undefined;
  readonly error: Error | undefined;
  /** The load that answered last; `loading` is derived from it instead of set in the effect. */
  readonly done: { readonly key: string; readonly tick: number } | undefined;
}

/**
 * Loads with `load` whenever `key` changes and, while `pollMs` gives a period, again that long
 * after each answer (live execution views poll DescribeExecution/GetExecutionHistory as the SDK would).
 * Waiting for the answer before the next poll means a slow server is never asked twice at once.
 * `load` gets the previous answer for the same key, so it can read only what is new.
 */
export function useLoad<T>(
  load: (previous: T | undefined) => Promise<T>,
  key: string,
  pollMs?: number | ((data: T | undefined) => number | undefined),
): Loaded<T> {
  const [result, setResult] = useState<Result<T>>({
    data: undefined,
    dataKey: undefined,
    error: undefined,
    done: undefined,
  });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  // The latest `load` and previous answer, read when the effect runs, not dependencies of it.
  const start = useEffectEvent(() => load(result.dataKey === key ? result.data : undefined));
  useEffect(() => {
    let live = true;
    start().then(
      (value) => {
        if (live) setResult({ data: value, dataKey: key, error: undefined, done: { key, tick } });
      },
      (caught: unknown) => {
        const error = caught instanceof Error ? caught : new Error(String(caught));
        if (live) setResult((previous) => ({ ...previous, error, done: { key, tick } }));
      },
    );
    return () => {
      live = false;
    };
  }, [key, tick]);
  const loading = result.done?.key !== key || result.done.tick !== tick;
  // A function decides from the answer whether to go on (a finished execution stops polling).
  const period = typeof pollMs === 'function' ? pollMs(result.data) : pollMs;
  useEffect(() => {
    if (period === undefined || loading) return;
    const timer = window.setTimeout(reload, period);
    return () => window.clearTimeout(timer);
  }, [period, loading, reload]);
  return { data: result.data, error: result.error, loading, reload };
}
