import type { ComponentChildren, PartialAnchorHTMLAttributes } from 'preact';
import { Store } from './state/store';

/** The current path and query, e.g. "/s/123?tab=qa". */
export const currentUrl = new Store<string>(location.pathname + location.search);

/** True after the first client-side navigation; used to move focus to the new page. */
export let navigatedInApp = false;

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === currentUrl.get()) return;
  navigatedInApp = true;
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  currentUrl.set(location.pathname + location.search);
  if (!opts.replace) window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => {
  navigatedInApp = true;
  currentUrl.set(location.pathname + location.search);
});

export type Params = Record<string, string>;

/** Matches "/s/:id/moderate" against a path; returns the decoded params or undefined. */
export function match(pattern: string, path: string): Params | undefined {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return undefined;
  const params: Params = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    const val = s[i]!;
    if (seg.startsWith(':')) {
      try {
        params[seg.slice(1)] = decodeURIComponent(val);
      } catch {
        return undefined;
      }
    } else if (seg !== val) return undefined;
  }
  return params;
}

export function queryParam(name: string): string | null {
  return new URL(currentUrl.get(), location.origin).searchParams.get(name);
}

/** Replaces one query parameter without adding a history entry. */
export function setQueryParam(name: string, value: string | null): void {
  const u = new URL(currentUrl.get(), location.origin);
  if (value === null) u.searchParams.delete(name);
  else u.searchParams.set(name, value);
  navigate(u.pathname + u.search, { replace: true });
}

type AnchorProps = Omit<PartialAnchorHTMLAttributes<HTMLAnchorElement>, 'href' | 'role'> & { href: string; children?: ComponentChildren };

/** An ordinary link that navigates in-app on a plain click and behaves normally otherwise. */
export function Link({ href, children, ...rest }: AnchorProps) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
