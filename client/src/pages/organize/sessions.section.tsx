import { useState } from 'preact/hooks';
import { AGENDA_ROUTES, type AgendaView, type SessionAction, type SessionView } from '../../../../common/agenda.contract';
import { http } from '../../api/http';
import { errorMessage } from '../../api/errors';
import { dateOnly, formatDayLong, formatTime } from '../../i18n/format';
import { t } from '../../i18n/i18n';
import { Link } from '../../router';
import { StateBadge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { Localized, pickText } from '../../ui/localized';
import { Notice } from '../../ui/notice';
import { toast } from '../../ui/toast';
import { agendaDays } from '../home/agenda-model';
import { InviteDialog } from './invite-dialog';
import { SessionForm } from './session-form';

type Editing = { kind: 'new' } | { kind: 'edit'; session: SessionView } | undefined;

/** Schedule, start and end sessions; hand out moderator and speaker links per session. */
export function SessionsSection({ agenda, onChanged }: { agenda: AgendaView; onChanged: () => void }) {
  const { forum, platforms } = agenda;
  const [editing, setEditing] = useState<Editing>(undefined);
  const [inviteFor, setInviteFor] = useState<SessionView | undefined>(undefined);
  const [confirm, setConfirm] = useState<{ session: SessionView; action: SessionAction } | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);

  const transition = async (s: SessionView, action: SessionAction) => {
    setBusy(s.id);
    try {
      await http.call(AGENDA_ROUTES.transition, { params: { sessionId: s.id, action } });
      toast(t(`organize.done_${action}`), 'success');
      onChanged();
    } catch (e) {
      toast(errorMessage(e, { invalid_state: 'organize.transition_stale' }), 'error');
      onChanged();
    } finally {
      setBusy(undefined);
      setConfirm(undefined);
    }
  };

  const days = agendaDays(agenda);
  return (
    <section aria-labelledby="sessions-h">
      <div class="head-row">
        <h2 id="sessions-h">{t('organize.sessions')}</h2>
        <Button variant="primary" onClick={() => setEditing({ kind: 'new' })} disabled={platforms.length === 0}>
          {t('organize.new_session')}
        </Button>
      </div>
      {platforms.length === 0 && <Notice tone="warning">{t('organize.need_platform')}</Notice>}
      {days.map((d) => (
        <div key={d.key} class="org-day">
          <h3 class="org-day-title">
            {t('agenda.day_n', { n: d.index })} · {formatDayLong(dateOnly(d.key), 'UTC')}
          </h3>
          {d.sessions.length === 0 ? (
            <p class="muted small">{t('agenda.empty_day')}</p>
          ) : (
            <ul class="org-sessions" role="list">
              {d.sessions.map((s) => {
                const platform = platforms.find((p) => p.id === s.platformId);
                const title = pickText(s.title, forum.languages);
                return (
                  <li key={s.id} class="org-session" data-session={s.id}>
                    <div class="org-session-main">
                      <span class="org-time">
                        {formatTime(s.startsAt, forum.timeZone)}–{formatTime(s.endsAt, forum.timeZone)}
                      </span>
                      <StateBadge state={s.state} />
                      <div class="org-session-title">
                        <Link href={`/s/${s.id}`}>
                          <Localized text={s.title} prefer={forum.languages} />
                        </Link>
                        {platform && <Localized text={platform.title} prefer={forum.languages} class="muted small block" />}
                      </div>
                    </div>
                    <div class="org-session-actions" role="group" aria-label={t('organize.actions_for', { title })}>
                      {s.state === 'scheduled' && (
                        <Button size="sm" variant="success" busy={busy === s.id} onClick={() => transition(s, 'start')}>
                          {t('organize.start')}
                        </Button>
                      )}
                      {s.state === 'live' && (
                        <Button size="sm" variant="danger" busy={busy === s.id} onClick={() => setConfirm({ session: s, action: 'end' })}>
                          {t('organize.end')}
                        </Button>
                      )}
                      {(s.state === 'scheduled' || s.state === 'live') && (
                        <>
                          <Link href={`/s/${s.id}/moderate`} class="btn btn-secondary btn-sm">
                            {t('agenda.moderate')}
                          </Link>
                          <Button size="sm" onClick={() => setInviteFor(s)}>
                            {t('organize.invite')}
                          </Button>
                          <Button size="sm" variant="ghost" onClick={() => setEditing({ kind: 'edit', session: s })}>
                            {t('organize.edit')}
                          </Button>
                        </>
                      )}
                      {s.state === 'scheduled' && (
                        <Button size="sm" variant="ghost" onClick={() => setConfirm({ session: s, action: 'cancel' })}>
                          {t('organize.cancel_session')}
                        </Button>
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ))}
      <Dialog open={editing !== undefined} onClose={() => setEditing(undefined)} title={editing?.kind === 'edit' ? t('organize.edit_session') : t('organize.new_session')}>
        {editing && (
          <SessionForm
            forum={forum}
            platforms={platforms}
            session={editing.kind === 'edit' ? editing.session : undefined}
            onCancel={() => setEditing(undefined)}
            onSaved={() => {
              setEditing(undefined);
              toast(t('organize.saved'), 'success');
              onChanged();
            }}
          />
        )}
      </Dialog>
      <Dialog open={confirm !== undefined} onClose={() => setConfirm(undefined)} title={confirm?.action === 'end' ? t('organize.confirm_end_title') : t('organize.confirm_cancel_title')}>
        {confirm && (
          <div class="stack-form">
            <p>
              <strong>{pickText(confirm.session.title, forum.languages)}</strong>
            </p>
            <p>{confirm.action === 'end' ? t('organize.confirm_end') : t('organize.confirm_cancel')}</p>
            <div class="form-actions">
              <Button variant="ghost" onClick={() => setConfirm(undefined)}>
                {t('action.cancel')}
              </Button>
              <Button variant="danger" busy={busy === confirm.session.id} onClick={() => transition(confirm.session, confirm.action)}>
                {confirm.action === 'end' ? t('organize.end') : t('organize.cancel_session')}
              </Button>
            </div>
          </div>
        )}
      </Dialog>
      <InviteDialog
        open={inviteFor !== undefined}
        onClose={() => setInviteFor(undefined)}
        forumId={forum.id}
        timeZone={forum.timeZone}
        session={inviteFor && { id: inviteFor.id, title: pickText(inviteFor.title, forum.languages) }}
        roles={['moderator', 'speaker', 'interpreter', 'captioner']}
      />
    </section>
  );
}
