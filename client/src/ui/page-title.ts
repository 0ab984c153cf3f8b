import { useEffect } from 'preact/hooks';

/** Sets the tab title; screen readers announce it and people find the tab again. */
export function useTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Birge` : 'Birge';
  }, [title]);
}
