import { useState } from 'preact/hooks';
import type { AgendaView } from '../../../../common/agenda.contract';
import { LANG_NAMES, type Role } from '../../../../common/base';
import { PEOPLE_ROUTES, type TeamGrant } from '../../../../common/people.contract';
import { http } from '../../api/http';
import { t } from '../../i18n/i18n';
import { loadMe, me } from '../../state/me';
import { useStore } from '../../state/store';
import { useAsync } from '../../state/use-async';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { pickText } from '../../ui/localized';
import { ErrorNotice, Notice } from '../../ui/notice';
import { toast } from '../../ui/toast';
import { InviteDialog } from './invite-dialog';

/** One person's one role in the forum, with every session and language it covers. */
interface Holding {
  userId: string;
  displayName: string;
  role: Role;
  grants: TeamGrant[];
}

/** The server removes a role with all its grants in the forum, so the list groups by person and role. */
function holdings(team: readonly TeamGrant[]): Holding[] {
  const by = new Map<string, Holding>();
  for (const g of team) {
    const key = `${g.userId}:${g.role}`;
    const h = by.get(key) ?? { userId: g.userId, displayName: g.displayName, role: g.role, grants: [] };
    h.grants.push(g);
    by.set(key, h);
  }
  return [...by.values()].sort((a, b) => a.displayName.localeCompare(b.displayName) || a.role.localeCompare(b.role));
}

/** The forum's people and their roles; organizers invite and remove roles here. */
export function TeamSection({ agenda }: { agenda: AgendaView }) {
  const { forum } = agenda;
  const who = useStore(me);
  const team = useAsync(() => http.call(PEOPLE_ROUTES.team, { params: { forumId: forum.id } }), [forum.id]);
  const [inviting, setInviting] = useState(false);
  const [removing, setRemoving] = useState<Holding | undefined>(undefined);
  const sessionTitle = (id: string) => {
    const s = agenda.sessions.find((x) => x.id === id);
    return s ? pickText(s.title, forum.languages) : t('team.unknown_session');
  };
  const scope = (g: TeamGrant) =>
    [g.sessionId ? sessionTitle(g.sessionId) : t('team.forum_wide'), ...(g.language ? [LANG_NAMES[g.language]] : [])].join(' · ');
  return (
    <section aria-labelledby="team-h">
      <div class="head-row">
        <h2 id="team-h">{t('organize.tab_team')}</h2>
        <Button variant="primary" onClick={() => setInviting(true)}>
          {t('organize.invite')}
        </Button>
      </div>
      <div class="card panel prose">
        <p>{t('organize.team_lead')}</p>
        <ul>
          <li>{t('organize.team_organizer')}</li>
          <li>{t('organize.team_moderator')}</li>
          <li>{t('organize.team_speaker')}</li>
        </ul>
      </div>
      {team.status === 'loading' && <p class="muted">{t('common.loading')}</p>}
      {team.status === 'error' && <ErrorNotice error={team.error} onRetry={team.reload} />}
      {team.status === 'ready' && (
        <table class="data-table team-table">
          <caption>{t('team.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('team.person')}</th>
              <th scope="col">{t('team.role')}</th>
              <th scope="col">{t('team.where')}</th>
              <th scope="col">
                <span class="sr-only">{t('team.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {holdings(team.data).map((h) => (
              <tr key={`${h.userId}:${h.role}`}>
                <th scope="row">
                  {h.displayName}
                  {who?.actor.id === h.userId && <span class="muted"> ({t('team.you')})</span>}
                </th>
                <td>{t(`role.${h.role}`)}</td>
                <td>
                  <ul class="plain-list">
                    {h.grants.map((g) => (
                      <li key={`${g.sessionId ?? ''}:${g.language ?? ''}`}>{scope(g)}</li>
                    ))}
                  </ul>
                </td>
                <td>
                  <Button size="sm" variant="ghost" onClick={() => setRemoving(h)} aria-label={t('team.remove_label', { role: t(`role.${h.role}`), name: h.displayName })}>
                    {t('team.remove')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RemoveRoleDialog
        forumId={forum.id}
        holding={removing}
        onClose={() => setRemoving(undefined)}
        onRemoved={(h) => {
          setRemoving(undefined);
          toast(t('team.removed', { role: t(`role.${h.role}`), name: h.displayName }), 'success');
          team.reload();
          // Removing my own role changes what this page may show me.
          if (h.userId === who?.actor.id) void loadMe(true);
        }}
      />
      <InviteDialog
        open={inviting}
        onClose={() => {
          setInviting(false);
          team.reload();
        }}
        forumId={forum.id}
        timeZone={forum.timeZone}
        roles={['moderator', 'speaker', 'interpreter', 'captioner', 'organizer']}
      />
    </section>
  );
}

function RemoveRoleDialog({ forumId, holding, onClose, onRemoved }: { forumId: string; holding: Holding | undefined; onClose: () => void; onRemoved: (h: Holding) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const close = () => {
    setError(undefined);
    onClose();
  };
  const remove = async () => {
    if (!holding) return;
    setBusy(true);
    setError(undefined);
    try {
      await http.call(PEOPLE_ROUTES.removeRole, { params: { forumId, userId: holding.userId, role: holding.role } });
      onRemoved(holding);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const role = holding ? t(`role.${holding.role}`) : '';
  return (
    <Dialog open={holding !== undefined} onClose={close} title={t('team.remove_title', { role })}>
      {holding && (
        <div class="stack-form">
          <p>{t('team.remove_confirm', { role, name: holding.displayName })}</p>
          <Notice tone="warning">{t('team.remove_effect')}</Notice>
          {error !== undefined && <ErrorNotice error={error} context={{ invalid_state: 'team.last_organizer', not_found: 'team.already_removed' }} />}
          <div class="form-actions">
            <Button onClick={close} variant="ghost">
              {t('action.cancel')}
            </Button>
            <Button variant="danger" busy={busy} onClick={() => void remove()}>
              {t('team.remove_role', { role })}
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
