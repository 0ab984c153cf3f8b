import { useEffect, useState } from 'preact/hooks';
import type { QuestionView } from '../../../../common/qa.contract';
import { Delayed, playbackDelay } from '../../live/playback-delay';
import { useStore } from '../../state/store';
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

/**
 * The spotlight as the viewer's picture is: on the standard stream (seconds behind) a new
 * question appears when the moment it was put to the speaker reaches the screen.
 */
export function DelayedSpotlight({ question }: { question: QuestionView | null }) {
  const delay = useStore(playbackDelay);
  // One history for the page's lifetime; later questions are pushed into it below.
  const [history] = useState(() => new Delayed<QuestionView | null>(question));
  history.push(question);
  const [, tick] = useState(0);
  useEffect(() => {
    if (!delay) return;
    const id = setInterval(() => tick((n) => n + 1), 250);
    return () => clearInterval(id);
  }, [delay]);
  return <Spotlight question={delay ? history.at(delay) : question} />;
}
