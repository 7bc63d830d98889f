import { useEffect, useState } from 'react';

/** The state of a request a page makes when it opens. */
export type AsyncState<T> =
  { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; error: unknown };

/**
 * Run `load` when the page opens and whenever `deps` change; answers that arrive after a newer
 * request started are dropped.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [result, setResult] = useState<AsyncState<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    setResult({ state: 'loading' });
    load().then(
      (value) => current && setResult({ state: 'ok', value }),
      (error: unknown) => current && setResult({ state: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, deps);
  return result;
}
