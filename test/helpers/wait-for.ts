/** Resolves with the first payload of `event`, or rejects after `ms`; never sleep in tests. */
export function waitFor<T = unknown>(
  emitter: { once(event: string, fn: (...args: any[]) => void): unknown; off(event: string, fn: (...args: any[]) => void): unknown },
  event: string,
  ms = 5000,
  predicate: (payload: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (payload: T) => {
      if (!predicate(payload)) {
        emitter.once(event, on);
        return;
      }
      clearTimeout(timer);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      emitter.off(event, on);
      reject(new Error(`timed out after ${ms} ms waiting for '${event}'`));
    }, ms);
    emitter.once(event, on);
  });
}

/** Polls an async condition until it holds; for state that has no event (e.g. a row in the database). */
export async function eventually<T>(fn: () => Promise<T | undefined | false>, ms = 10_000, every = 50): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms${last ? `: ${last instanceof Error ? last.message : JSON.stringify(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
