import type { ModQuestionView, QuestionView, VoteBurst } from '../../../../common/qa.contract';
import { formatTime } from '../../i18n/format';
import { formatNumber, t } from '../../i18n/i18n';
import { Icon } from '../../ui/icons';
import { LangTag } from '../../ui/localized';
import { orgName } from '../../ui/org-names';
import '../../styles/orgs.css';

/** Whom the asker speaks for: moderators weigh a question from an organization knowing it. */
const OrgChip = ({ q }: { q: Pick<QuestionView, 'organization'> }) => (q.organization ? <span class="org-chip">{t('org.badge', { name: orgName(q.organization) })}</span> : null);

interface Common {
  selected: boolean;
  checked: boolean;
  onSelect: () => void;
  onCheck: (v: boolean) => void;
  timeZone: string;
}

/** A pending question with everything a moderator weighs: flags, matched words, the asker's pseudonym. */
export function PendingItem({ q, selected, checked, onSelect, onCheck, timeZone, onApprove, onReject }: Common & { q: ModQuestionView; onApprove: () => void; onReject: () => void }) {
  return (
    <li id={`pq-${q.id}`} class={`mq${selected ? ' is-selected' : ''}${q.flagged ? ' is-flagged' : ''}`} aria-current={selected || undefined} data-pending={q.id} onClick={onSelect}>
      <input type="checkbox" class="mq-check" checked={checked} onChange={(e) => onCheck(e.currentTarget.checked)} onClick={(e) => e.stopPropagation()} aria-label={t('mod.check_for_merge')} />
      <div class="mq-body">
        {q.flagged && (
          <p class="mq-flags">
            <Icon name="flag" size={16} />
            {q.flags.map((f) => (f === 'blocklist' ? t('mod.flag_blocklist') : t('mod.flag_duplicate'))).join(' · ')}
            {q.matchedWords.length > 0 && (
              <span class="matched">
                {q.matchedWords.map((w) => (
                  <mark key={w}>{w}</mark>
                ))}
              </span>
            )}
          </p>
        )}
        <p class="mq-text" lang={q.lang}>
          {q.text}
        </p>
        <p class="mq-meta">
          <time dateTime={q.createdAt}>{formatTime(q.createdAt, timeZone)}</time>
          <span>{q.anonymous ? t('mod.anonymous_as', { pseudonym: q.pseudonym }) : `${q.authorName ?? t('qa.anonymous')} · ${q.pseudonym}`}</span>
          <OrgChip q={q} />
          <LangTag lang={q.lang} />
          {q.originalText !== null && <span class="tag">{t('qa.edited')}</span>}
        </p>
      </div>
      <div class="mq-actions">
        <button type="button" class="btn btn-success btn-sm" onClick={(e) => (e.stopPropagation(), onApprove())}>
          {t('mod.approve')} <kbd>A</kbd>
        </button>
        <button type="button" class="btn btn-secondary btn-sm" onClick={(e) => (e.stopPropagation(), onReject())}>
          {t('mod.reject')} <kbd>R</kbd>
        </button>
      </div>
    </li>
  );
}

/** A published question: spotlight it, mark it answered. */
export function PublicItem({
  q,
  selected,
  checked,
  onSelect,
  onCheck,
  timeZone,
  spotlit,
  burst,
  onSpotlight,
  onAnswered,
  onPromote,
}: Common & { q: QuestionView; spotlit: boolean; burst: VoteBurst | undefined; onSpotlight: () => void; onAnswered: () => void; onPromote: () => void }) {
  return (
    <li id={`aq-${q.id}`} class={`mq${selected ? ' is-selected' : ''}${spotlit ? ' is-spotlit' : ''}${q.status === 'answered' ? ' is-answered' : ''}`} aria-current={selected || undefined} data-approved={q.id} onClick={onSelect}>
      <input type="checkbox" class="mq-check" checked={checked} onChange={(e) => onCheck(e.currentTarget.checked)} onClick={(e) => e.stopPropagation()} aria-label={t('mod.check_for_merge')} />
      <div class="mq-body">
        {burst && (
          <p class="mq-flags" data-vote-burst={q.id}>
            <Icon name="flag" size={16} />
            {t('mod.vote_burst', { share: formatNumber(burst.topNetworkShare, undefined, { style: 'percent' }), votes: formatNumber(burst.recentVotes) })}
          </p>
        )}
        <p class="mq-text" lang={q.lang}>
          {q.text}
        </p>
        <p class="mq-meta">
          <span class="mq-votes">▲ {formatNumber(q.votes)}</span>
          <time dateTime={q.createdAt}>{formatTime(q.createdAt, timeZone)}</time>
          <span>{q.authorName ?? t('qa.anonymous')}</span>
          <OrgChip q={q} />
          <LangTag lang={q.lang} />
          {q.status === 'answered' && <span class="tag tag-ok">{t('qa.answered')}</span>}
          {spotlit && <span class="tag tag-gold">{t('qa.on_air')}</span>}
        </p>
      </div>
      <div class="mq-actions">
        <button type="button" class={`btn btn-sm ${spotlit ? 'btn-secondary' : 'btn-primary'}`} onClick={(e) => (e.stopPropagation(), onSpotlight())}>
          {spotlit ? t('mod.unspotlight') : t('mod.spotlight')} <kbd>S</kbd>
        </button>
        {q.status === 'approved' && (
          <button type="button" class="btn btn-secondary btn-sm" onClick={(e) => (e.stopPropagation(), onAnswered())}>
            {t('mod.answered')} <kbd>D</kbd>
          </button>
        )}
        <button type="button" class="btn btn-ghost btn-sm" onClick={(e) => (e.stopPropagation(), onPromote())}>
          {t('mod.promote')} <kbd>P</kbd>
        </button>
      </div>
    </li>
  );
}
