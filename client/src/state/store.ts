import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A value that components can watch. Deliberately tiny: the app has a handful of
 * shared values (language, who I am, connection state), not a state graph.
 */
export class Store<T> {
  private subs = new Set<(v: T) => void>();
  constructor(private value: T) {}

  get(): T {
    return this.value;
  }

  set(next: T): void {
    if (Object.is(next, this.value)) return;
    this.value = next;
    for (const fn of [...this.subs]) fn(next);
  }

  update(fn: (v: T) => T): void {
    this.set(fn(this.value));
  }

  subscribe(fn: (v: T) => void): () => void {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  }
}

/** Re-renders the component whenever the store changes. */
export function useStore<T>(store: Store<T>): T {
  const [, force] = useState(0);
  const value = store.get();
  const rendered = useRef(value);
  rendered.current = value;
  useEffect(() => {
    const off = store.subscribe(() => force((n) => n + 1));
    // The effect runs after the render: a change in between (who I am arriving just then) had no subscriber yet.
    if (!Object.is(store.get(), rendered.current)) force((n) => n + 1);
    return off;
  }, [store]);
  return value;
}
