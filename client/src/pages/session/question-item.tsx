import type { ComponentChildren } from 'preact';
import type { QuestionView } from '../../../../common/qa.contract';
import { formatNumber, t, useLang } from '../../i18n/i18n';
import { Icon } from '../../ui/icons';
import { LangTag } from '../../ui/localized';
import { orgName } from '../../ui/org-names';
import '../../styles/live.css';
import '../../styles/orgs.css';

/** A public question. Its text is JSX text, so markup typed by the author stays visible text. */
export function QuestionItem({ q, voted, onVote, canVote, spotlit, actions }: { q: QuestionView; voted: boolean; onVote?: () => void; canVote: boolean; spotlit?: boolean; actions?: ComponentChildren }) {
  const l = useLang();
  return (
    <li class={`question${q.status === 'answered' ? ' is-answered' : ''}${spotlit ? ' is-spotlit' : ''}`} data-question={q.id}>
      {onVote ? (
        <button
          type="button"
          class="vote-btn"
          aria-pressed={voted}
          disabled={!canVote}
          onClick={onVote}
          aria-label={voted ? t('qa.unvote_label', { count: q.votes }) : t('qa.vote_label', { count: q.votes })}
        >
          <Icon name="up" size={18} />
          <span class="vote-count">{formatNumber(q.votes)}</span>
        </button>
      ) : (
        <span class="vote-static" aria-label={t('qa.votes', { count: q.votes })}>
          <Icon name="up" size={16} />
          {formatNumber(q.votes)}
        </span>
      )}
      <div class="question-body">
        <p class="question-text" lang={q.lang}>
          {q.text}
        </p>
        <p class="question-meta">
          <span>{q.authorName ?? t('qa.anonymous')}</span>
          {q.organization && <span class="org-chip">{t('org.badge', { name: orgName(q.organization) })}</span>}
          {q.lang !== l && <LangTag lang={q.lang} />}
          {q.edited && <span class="tag">{t('qa.edited')}</span>}
          {q.status === 'answered' && <span class="tag tag-ok">{t('qa.answered')}</span>}
          {spotlit && <span class="tag tag-gold">{t('qa.on_air')}</span>}
        </p>
      </div>
      {actions && <div class="question-actions">{actions}</div>}
    </li>
  );
}
