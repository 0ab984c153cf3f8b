import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type AsyncState<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; data: T };

/**
 * Loads data for a page; `reload` refreshes it while the old data stays on screen
 * (no flash of a spinner every 30 seconds).
 */
export function useAsync<T>(fn: () => Promise<T>, deps: unknown[]): AsyncState<T> & { reload: () => void; set: (data: T) => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const seq = useRef(0);
  const run = useCallback(() => {
    const mine = ++seq.current;
    fn().then(
      (data) => mine === seq.current && setState({ status: 'ready', data }),
      (error: unknown) => mine === seq.current && setState((s) => (s.status === 'ready' ? s : { status: 'error', error })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => {
    setState({ status: 'loading' });
    run();
    return () => {
      // Invalidates the answer still in flight: the counter itself, not a copy, is the point.
      // eslint-disable-next-line react-hooks/exhaustive-deps
      seq.current++;
    };
  }, [run]);
  const set = useCallback((data: T) => setState({ status: 'ready', data }), []);
  return { ...state, reload: run, set };
}

/** Calls fn every `ms` while the page is visible, and at once when it becomes visible again. */
export function useRefresh(fn: () => void, ms: number): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const tick = () => document.visibilityState === 'visible' && ref.current();
    const id = setInterval(tick, ms);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(id);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [ms]);
}

/** The current time, ticking every `ms`, for "starts in 5 min" labels. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
