import { useEffect, useRef } from 'preact/hooks';
import { t, type MessageKey } from '../../i18n/i18n';
import { Dialog } from '../../ui/dialog';

/** Keys are "a", "ArrowDown", "ctrl+z", "?"; ignored while typing or when `enabled` is false. */
export function useShortcuts(enabled: boolean, map: Record<string, () => void>): void {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const el = e.target;
      if (el instanceof HTMLElement && (el.isContentEditable || el.closest('input, textarea, select, dialog'))) return;
      if (e.altKey || e.metaKey) return;
      const key = e.ctrlKey ? `ctrl+${e.key.toLowerCase()}` : e.key.length === 1 ? e.key.toLowerCase() : e.key;
      const fn = ref.current[e.key === '?' ? '?' : key];
      if (!fn) return;
      e.preventDefault();
      fn();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}

const HELP: [string, MessageKey][] = [
  ['J / ↓', 'mod.key_next'],
  ['K / ↑', 'mod.key_prev'],
  ['1 / 2', 'mod.key_panes'],
  ['A', 'mod.key_approve'],
  ['R', 'mod.key_reject'],
  ['E', 'mod.key_edit'],
  ['X', 'mod.key_check'],
  ['M', 'mod.key_merge'],
  ['S', 'mod.key_spotlight'],
  ['C', 'mod.key_clear'],
  ['D', 'mod.key_answered'],
  ['P', 'mod.key_promote'],
  ['U / Ctrl+Z', 'mod.key_undo'],
  ['/', 'mod.key_search'],
  ['3', 'mod.key_floor'],
];

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title={t('mod.shortcuts')}>
      <dl class="keys">
        {HELP.map(([k, m]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{t(m)}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
