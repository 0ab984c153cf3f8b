import type { ComponentChildren } from 'preact';
import type { TrackerItemView } from '../../../common/recs.contract';
import { dateOnly, formatDate } from '../i18n/format';
import { t } from '../i18n/i18n';
import { LangTag } from './localized';
import { STATUS_KEY } from './tallies';

/**
 * The head of one tracked recommendation: number, addressee, text in its own language,
 * status, responsible body, deadline and support. The public tracker and the organizer's
 * editor show the same thing; the editor adds its buttons as children.
 */
export function TrackerItemHead({ item, children }: { item: TrackerItemView; children?: ComponentChildren }) {
  return (
    <div class="tracker-head">
      <span class="tracker-n">{item.number}</span>
      <div class="tracker-body">
        {item.addressee && <p class="rec-to">{item.addressee}</p>}
        <p class="rec-text" lang={item.lang}>
          {item.text} <LangTag lang={item.lang} />
        </p>
        <p class="question-meta">
          <span class={`status-chip tchip-${item.status}`}>{t(STATUS_KEY[item.status])}</span>
          {item.responsibleBody && <span>{item.responsibleBody}</span>}
          {item.deadline && <span>{t('tracker.deadline_on', { date: formatDate(dateOnly(item.deadline), 'UTC') })}</span>}
          <span>{t('tracker.support', { count: item.support })}</span>
        </p>
      </div>
      {children}
    </div>
  );
}
