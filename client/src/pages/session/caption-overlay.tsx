import type { CaptionLine } from '../../../../common/captions.contract';
import { t } from '../../i18n/i18n';

/** How many lines stay on screen: enough to follow a sentence across a line break. */
const SHOWN = 2;

/**
 * Captions over the video: large, white on a near-opaque dark band (contrast well over 7:1
 * whatever the picture), in the captions' own language so screen readers and hyphenation
 * follow it.
 */
export function CaptionOverlay({ lines, lang }: { lines: readonly CaptionLine[]; lang: string }) {
  const shown = lines.slice(-SHOWN);
  return (
    <div class="captions" lang={lang} role="region" aria-label={t('captions.region')} aria-live="polite">
      {shown.map((l) => (
        <p key={l.id} class="caption-line">
          <span>{l.text}</span>
        </p>
      ))}
    </div>
  );
}
