import { useEffect, useState } from 'preact/hooks';
import { charCount, cleanQuestionText, QUESTION_MAX_CHARS, REJECT_REASONS, type ModQuestionView, type QuestionView, type RejectReason } from '../../../../common/qa.contract';
import { t } from '../../i18n/i18n';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { TextArea, TextField } from '../../ui/field';
import { REASON_KEY } from '../session/qa-panel';

/** Reason for a rejection: keys 1–4 pick one, Enter confirms. The author sees the reason. */
export function RejectDialog({ question, onClose, onReject }: { question: { id: string; text: string } | undefined; onClose: () => void; onReject: (reason: RejectReason, note: string) => Promise<void> }) {
  const [reason, setReason] = useState<RejectReason>('off_topic');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setReason('off_topic');
    setNote('');
  }, [question?.id]);
  const submit = async (r: RejectReason = reason) => {
    setBusy(true);
    try {
      await onReject(r, note.trim());
    } finally {
      setBusy(false);
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement && e.target.type === 'text') return;
    const n = Number(e.key);
    const r = REJECT_REASONS[n - 1];
    if (r) {
      e.preventDefault();
      setReason(r);
    }
  };
  return (
    <Dialog open={question !== undefined} onClose={onClose} title={t('mod.reject_title')}>
      {question && (
        <form
          class="stack-form"
          onKeyDown={onKey}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <blockquote class="quoted">{question.text}</blockquote>
          <fieldset class="reason-set">
            <legend>{t('mod.reason')}</legend>
            {REJECT_REASONS.map((r, i) => (
              <label key={r} class="reason-opt">
                <input type="radio" name="reason" value={r} checked={reason === r} onChange={() => setReason(r)} autoFocus={i === 0} />
                <kbd>{i + 1}</kbd> {t(REASON_KEY[r])}
              </label>
            ))}
          </fieldset>
          <TextField label={`${t('mod.note')} (${t('common.optional')})`} hint={t('mod.note_hint')} value={note} onInput={setNote} maxLength={500} />
          <div class="form-actions">
            <Button variant="ghost" onClick={onClose}>
              {t('action.cancel')}
            </Button>
            <Button type="submit" variant="danger" busy={busy}>
              {t('mod.reject')}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

/** Rewording a question (typos, personal data); the original stays on record. */
export function EditDialog({ question, onClose, onSave }: { question: ModQuestionView | QuestionView | undefined; onClose: () => void; onSave: (text: string) => Promise<void> }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when another question opens, not while it is edited live
  useEffect(() => setText(question?.text ?? ''), [question?.id]);
  const cleaned = cleanQuestionText(text);
  const ok = cleaned.length > 0 && charCount(cleaned) <= QUESTION_MAX_CHARS;
  return (
    <Dialog open={question !== undefined} onClose={onClose} title={t('mod.edit_title')}>
      {question && (
        <form
          class="stack-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!ok) return;
            setBusy(true);
            try {
              await onSave(cleaned);
            } finally {
              setBusy(false);
            }
          }}
        >
          <TextArea label={t('mod.edit_text')} hint={t('mod.edit_hint')} value={text} onInput={setText} maxLength={QUESTION_MAX_CHARS} rows={5} />
          <div class="form-actions">
            <Button variant="ghost" onClick={onClose}>
              {t('action.cancel')}
            </Button>
            <Button type="submit" variant="primary" busy={busy} disabled={!ok}>
              {t('action.save')}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

/** Picks the question that the selected ones are merged into; type to filter. */
export function MergeDialog({
  sources,
  candidates,
  onClose,
  onMerge,
}: {
  sources: { id: string; text: string }[];
  candidates: { id: string; text: string; votes: number; status: string }[];
  onClose: () => void;
  onMerge: (targetId: string) => Promise<void>;
}) {
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const open = sources.length > 0;
  useEffect(() => setFilter(''), [open]);
  const f = filter.trim().toLowerCase();
  const list = candidates.filter((c) => !sources.some((s) => s.id === c.id) && (!f || c.text.toLowerCase().includes(f))).slice(0, 50);
  return (
    <Dialog open={open} onClose={onClose} title={t('mod.merge_title', { count: sources.length })}>
      {open && (
        <div class="stack-form">
          <ul class="merge-sources">
            {sources.map((s) => (
              <li key={s.id}>{s.text}</li>
            ))}
          </ul>
          <TextField label={t('mod.merge_into')} value={filter} onInput={setFilter} placeholder={t('mod.filter_placeholder')} />
          {list.length === 0 ? (
            <p class="muted">{t('mod.merge_none')}</p>
          ) : (
            <ul class="merge-targets">
              {list.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    class="merge-target"
                    disabled={busy !== undefined}
                    onClick={async () => {
                      setBusy(c.id);
                      try {
                        await onMerge(c.id);
                      } finally {
                        setBusy(undefined);
                      }
                    }}
                  >
                    <span class="merge-votes">▲ {c.votes}</span>
                    <span class="merge-text">{c.text}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Dialog>
  );
}

/** A draft recommendation from a question: reworded if needed, with the speaker's answer and an addressee. */
export function PromoteDialog({
  question,
  onClose,
  onPromote,
}: {
  question: QuestionView | undefined;
  onClose: () => void;
  onPromote: (v: { text: string; answer: string; addressee: string }) => Promise<void>;
}) {
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState('');
  const [addressee, setAddressee] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setText(question?.text ?? '');
    setAnswer('');
    setAddressee('');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when another question opens
  }, [question?.id]);
  return (
    <Dialog open={question !== undefined} onClose={onClose} title={t('mod.promote_title')}>
      {question && (
        <form
          class="stack-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!text.trim()) return;
            setBusy(true);
            try {
              await onPromote({ text: text.trim(), answer: answer.trim(), addressee: addressee.trim() });
            } finally {
              setBusy(false);
            }
          }}
        >
          <TextArea label={t('recs.text_label')} hint={t('mod.promote_hint')} value={text} onInput={setText} maxLength={1000} rows={4} />
          {question.status === 'answered' && <TextArea label={t('mod.promote_answer')} value={answer} onInput={setAnswer} maxLength={1000} rows={3} />}
          <TextField label={`${t('recs.addressee')} (${t('common.optional')})`} hint={t('recs.addressee_hint')} value={addressee} onInput={setAddressee} maxLength={200} />
          <div class="form-actions">
            <Button variant="ghost" onClick={onClose}>
              {t('action.cancel')}
            </Button>
            <Button type="submit" variant="primary" busy={busy} disabled={!text.trim()}>
              {t('mod.promote')}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
