import type { QuestionView } from '../../../../common/qa.contract';
import { t, useLang } from '../../i18n/i18n';
import { Icon } from '../../ui/icons';
import { LangTag } from '../../ui/localized';
import '../../styles/live.css';

/** The question being put to the speaker right now. Announced politely when it changes. */
export function Spotlight({ question, large }: { question: QuestionView | null; large?: boolean }) {
  const l = useLang();
  return (
    <div class={`spotlight${large ? ' spotlight-large' : ''}${question ? '' : ' is-empty'}`} aria-live="polite" aria-atomic="true">
      {question && (
        <>
          <p class="spotlight-label">
            <Icon name="star" size={16} /> {t('qa.spotlight')}
          </p>
          <p class="spotlight-text" lang={question.lang}>
            {question.text}
          </p>
          <p class="spotlight-meta">
            {question.authorName ?? t('qa.anonymous')} · {t('qa.votes', { count: question.votes })}
            {question.lang !== l && (
              <>
                {' '}
                <LangTag lang={question.lang} />
              </>
            )}
          </p>
        </>
      )}
    </div>
  );
}
