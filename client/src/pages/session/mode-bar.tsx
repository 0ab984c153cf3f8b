import { t } from '../../i18n/i18n';

/** Which mode the page plays in, and the way to the other one. */
export function ModeBar({ mode, note, onSwitch }: { mode: 'webrtc' | 'hls'; note?: string | undefined; onSwitch?: (() => void) | undefined }) {
  return (
    <div class="mode-bar" role="status" aria-live="polite">
      <span class={`mode-badge mode-${mode}`}>
        <span class="sr-only">{t('broadcast.mode_label')}: </span>
        {mode === 'hls' ? t('broadcast.mode_hls') : t('broadcast.mode_webrtc')}
      </span>
      <span class="muted small">{mode === 'hls' ? t('broadcast.mode_hls_hint') : t('broadcast.mode_webrtc_hint')}</span>
      {note && <span class="mode-note small">{note}</span>}
      {onSwitch && (
        <button type="button" class="btn btn-ghost btn-sm" onClick={onSwitch}>
          {mode === 'hls' ? t('broadcast.use_live') : t('broadcast.use_standard')}
        </button>
      )}
    </div>
  );
}
