import { useState } from 'preact/hooks';
import { PEOPLE_ROUTES } from '../../../../common/people.contract';
import { http } from '../../api/http';
import { t } from '../../i18n/i18n';
import { me, setMe } from '../../state/me';
import { useStore } from '../../state/store';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/field';
import { ErrorNotice } from '../../ui/notice';

/** "You appear as …": a citizen may give a display name, never required. */
export function NameControl() {
  const who = useStore(me);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  if (!who) return null;
  const current = who.actor.displayName;
  if (who.actor.kind === 'account') {
    return <p class="as-line">{t('qa.you_appear_as', { name: current ?? '' })}</p>;
  }
  const save = async (value: string | null) => {
    setBusy(true);
    setError(undefined);
    try {
      const actor = await http.call(PEOPLE_ROUTES.setName, { body: { displayName: value } });
      setMe({ ...who, actor });
      setEditing(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!editing) {
    return (
      <p class="as-line">
        {current ? t('qa.you_appear_as', { name: current }) : t('qa.you_are_anonymous')}{' '}
        <button
          type="button"
          class="as-link link-btn"
          onClick={() => {
            setName(current ?? '');
            setEditing(true);
          }}
        >
          {current ? t('qa.change_name') : t('qa.add_name')}
        </button>
      </p>
    );
  }
  return (
    <form
      class="name-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save(name.trim() || null);
      }}
    >
      {error !== undefined && <ErrorNotice error={error} />}
      <TextField label={t('qa.display_name')} hint={t('qa.display_name_hint')} value={name} onInput={setName} maxLength={60} autoComplete="nickname" />
      <div class="form-actions">
        {current && (
          <Button size="sm" variant="ghost" onClick={() => void save(null)} disabled={busy}>
            {t('qa.remove_name')}
          </Button>
        )}
        <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
          {t('action.cancel')}
        </Button>
        <Button size="sm" type="submit" variant="primary" busy={busy}>
          {t('action.save')}
        </Button>
      </div>
    </form>
  );
}
