import type { ComponentChildren } from 'preact';
import type { SessionState, SessionView } from '../../../../common/agenda.contract';
import type { Lang } from '../../../../common/base';
import { t } from '../../i18n/i18n';
import { Link } from '../../router';
import { StateBadge } from '../../ui/badge';
import { Localized } from '../../ui/localized';

/** The head of a booth page (interpreter's or captioner's): what booth, which session, its state, and the booth's own status after it. */
export function BoothHead(p: { titleKey: 'interp.title' | 'caption.title'; session: SessionView; languages: readonly Lang[] | undefined; state: SessionState | undefined; children?: ComponentChildren }) {
  return (
    <header class="booth-head">
      <p class="eyebrow">
        {t(p.titleKey)} · <Link href={`/s/${p.session.id}`}>{t('mod.to_public')}</Link>
      </p>
      <Localized as="h1" text={p.session.title} prefer={p.languages} />
      <p class="console-sub">
        {p.state && <StateBadge state={p.state} />}
        {p.children}
      </p>
    </header>
  );
}
