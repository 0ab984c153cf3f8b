import { useEffect, useState } from 'preact/hooks';

const cache = new WeakMap<() => Promise<unknown>, Promise<unknown>>();

/**
 * A module fetched only once `wanted` turns true (a poll to show, someone on the floor), so the
 * code of a part most viewers never see is not downloaded before the first frame. `load` must be
 * a module-level function (it keys the cache); a failed fetch is retried the next time it is wanted.
 */
export function useLazy<M>(load: () => Promise<M>, wanted: boolean): M | undefined {
  const [mod, setMod] = useState<M | undefined>(undefined);
  useEffect(() => {
    if (!wanted || mod) return;
    let alive = true;
    let p = cache.get(load) as Promise<M> | undefined;
    if (!p) {
      p = load();
      cache.set(load, p);
    }
    p.then(
      (m) => alive && setMod(() => m),
      () => cache.delete(load),
    );
    return () => {
      alive = false;
    };
  }, [wanted, mod, load]);
  return wanted ? mod : undefined;
}
