import { useState } from 'preact/hooks';
import type { Lang } from '../../../../common/base';
import { charCount, cleanQuestionText, QUESTION_MAX_CHARS, type MyQuestionView, type QuestionStatus, type RejectReason } from '../../../../common/qa.contract';
import { errorMessage } from '../../api/errors';
import { useAuthoredText } from '../../i18n/guess-lang';
import { t, type MessageKey } from '../../i18n/i18n';
import { answeredOf, approvedOf, type QaModel } from '../../live/qa-model';
import { useStore } from '../../state/store';
import { Button } from '../../ui/button';
import { Select, TextArea } from '../../ui/field';
import { Notice } from '../../ui/notice';
import { toast } from '../../ui/toast';
import { NameControl } from './name-control';
import { QuestionItem } from './question-item';

const STATUS_KEY: Record<QuestionStatus, MessageKey> = {
  pending: 'qa.status_pending',
  approved: 'qa.status_approved',
  rejected: 'qa.status_rejected',
  answered: 'qa.status_answered',
  merged: 'qa.status_merged',
};
export const REASON_KEY: Record<RejectReason, MessageKey> = {
  off_topic: 'qa.reason_off_topic',
  duplicate: 'qa.reason_duplicate',
  abusive: 'qa.reason_abusive',
  other: 'qa.reason_other',
};
const LANG_NAMES: Record<Lang, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

/** The citizen's Q&A: ask, support others' questions, follow one's own. */
export function QaPanel({ model, live }: { model: QaModel; live: boolean }) {
  const s = useStore(model.state);
  const approved = approvedOf(s);
  const answered = answeredOf(s);
  const vote = (id: string) => model.toggleVote(id).catch((e: unknown) => toast(errorMessage(e), 'error'));
  return (
    <div class="qa-panel">
      {live ? <AskForm model={model} premoderation={s.premoderation} /> : <Notice>{t('qa.closed')}</Notice>}
      {s.mine.length > 0 && <MyQuestions mine={s.mine} />}
      <section aria-labelledby="qa-approved-h">
        <h3 id="qa-approved-h" class="panel-title">
          {t('qa.questions')} <span class="count">{approved.length}</span>
        </h3>
        {!s.ready ? (
          <p class="muted">{t('common.loading')}</p>
        ) : approved.length === 0 ? (
          <p class="muted">{t('qa.none_yet')}</p>
        ) : (
          <ol class="question-list" aria-live="off">
            {approved.map((q) => (
              <QuestionItem key={q.id} q={q} voted={s.myVotes.has(q.id)} canVote={live} onVote={() => vote(q.id)} spotlit={s.spotlight?.id === q.id} />
            ))}
          </ol>
        )}
      </section>
      {answered.length > 0 && (
        <section aria-labelledby="qa-answered-h">
          <h3 id="qa-answered-h" class="panel-title">
            {t('qa.answered_list')} <span class="count">{answered.length}</span>
          </h3>
          <ol class="question-list">
            {answered.map((q) => (
              <QuestionItem key={q.id} q={q} voted={s.myVotes.has(q.id)} canVote={false} />
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}

function AskForm({ model, premoderation }: { model: QaModel; premoderation: boolean }) {
  const { text, lang, onText, chooseLang, clear } = useAuthoredText();
  const [anonymous, setAnonymous] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const cleaned = cleanQuestionText(text);
  const length = charCount(cleaned);
  const tooLong = length > QUESTION_MAX_CHARS;
  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (!cleaned || tooLong || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const q = await model.ask(cleaned, lang, anonymous);
      clear();
      toast(q.status === 'approved' ? t('qa.sent_published') : t('qa.sent_pending'), 'success');
    } catch (err) {
      setError(errorMessage(err, { conflict: 'qa.already_asked', invalid_state: 'qa.not_live' }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="ask-form" onSubmit={submit} noValidate>
      <TextArea
        label={t('qa.ask_label')}
        hint={premoderation ? t('qa.premoderated_hint') : t('qa.ask_hint')}
        value={text}
        onInput={onText}
        maxLength={QUESTION_MAX_CHARS}
        rows={3}
        error={error ?? (tooLong ? t('qa.too_long', { max: QUESTION_MAX_CHARS }) : undefined)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
        }}
      />
      <div class="ask-row">
        <Select label={t('qa.question_lang')} value={lang} onChange={chooseLang} options={(['kk', 'ru', 'en'] as const).map((l) => ({ value: l, label: LANG_NAMES[l] }))} class="ask-lang" />
        <label class="check ask-anon">
          <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.currentTarget.checked)} />
          {t('qa.ask_anonymously')}
        </label>
        <Button type="submit" variant="primary" busy={busy} disabled={!cleaned || tooLong} class="ask-submit">
          {t('qa.ask')}
        </Button>
      </div>
      {!anonymous && <NameControl />}
    </form>
  );
}

function MyQuestions({ mine }: { mine: readonly MyQuestionView[] }) {
  return (
    <section aria-labelledby="qa-mine-h" class="my-questions">
      <h3 id="qa-mine-h" class="panel-title">
        {t('qa.mine')}
      </h3>
      <ul class="mine-list" aria-live="polite">
        {[...mine].reverse().map((q) => (
          <li key={q.id} class={`mine status-${q.status}`} data-my-question={q.id}>
            <p class="question-text" lang={q.lang}>
              {q.text}
            </p>
            <p class="mine-status">
              <span class={`status-chip chip-${q.status}`}>{t(STATUS_KEY[q.status])}</span>
              {q.status === 'rejected' && q.rejectReason && <span class="reason">{t(REASON_KEY[q.rejectReason])}</span>}
              {(q.status === 'approved' || q.status === 'answered') && <span class="muted">{t('qa.votes', { count: q.votes })}</span>}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
