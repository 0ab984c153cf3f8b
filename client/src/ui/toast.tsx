import { Store, useStore } from '../state/store';

interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'success' | 'error';
}

const toasts = new Store<Toast[]>([]);
let next = 1;

/** Shows a short message for a few seconds; screen readers hear it through a live region. */
export function toast(text: string, tone: Toast['tone'] = 'info', ms = 5000): void {
  const id = next++;
  toasts.update((list) => [...list.slice(-3), { id, text, tone }]);
  setTimeout(() => toasts.update((list) => list.filter((x) => x.id !== id)), ms);
}

export function Toaster() {
  const list = useStore(toasts);
  return (
    <div class="toaster" aria-live="polite" aria-atomic="false">
      {list.map((x) => (
        <div key={x.id} class={`toast toast-${x.tone}`} role={x.tone === 'error' ? 'alert' : undefined}>
          {x.text}
        </div>
      ))}
    </div>
  );
}
