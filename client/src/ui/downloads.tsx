import { COMPILE_FORMATS, RECS_ROUTES, type CompileRevisionView } from '../../../common/recs.contract';
import { http } from '../api/http';
import { formatNumber, t } from '../i18n/i18n';
import { useAsync } from '../state/use-async';
import { Icon } from './icons';

const FORMAT_LABEL = { pdf: 'PDF', docx: 'DOCX', md: 'Markdown', csv: 'CSV', json: 'JSON' } as const;

function size(bytes: number): string {
  return bytes < 1024 ? `${formatNumber(bytes)} B` : bytes < 1024 * 1024 ? `${formatNumber(Math.round(bytes / 102.4) / 10)} KB` : `${formatNumber(Math.round(bytes / 104857.6) / 10)} MB`;
}

/** Download links for every format of a finished revision. */
export function Downloads({ revision }: { revision: CompileRevisionView }) {
  const byFormat = new Map(revision.artifacts.map((a) => [a.format, a]));
  return (
    <ul class="downloads" aria-label={t('recs.downloads')}>
      {COMPILE_FORMATS.flatMap((f) => {
        const a = byFormat.get(f);
        return a
          ? [
              <li key={f}>
                <a class="btn btn-secondary btn-sm" href={a.url} download data-format={f}>
                  <Icon name="download" size={16} /> {FORMAT_LABEL[f]} <span class="muted small">{size(a.size)}</span>
                </a>
              </li>,
            ]
          : [];
      })}
    </ul>
  );
}


const cache = new Map<string, { at: number; list: Promise<CompileRevisionView[]> }>();
const CACHE_MS = 60_000;

/** A session's compilations the caller may see; shared by the cards that show one session twice. */
function compilations(sessionId: string): Promise<CompileRevisionView[]> {
  const hit = cache.get(sessionId);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.list;
  const list = http.call(RECS_ROUTES.sessionCompilations, { params: { sessionId } });
  list.catch(() => cache.delete(sessionId));
  cache.set(sessionId, { at: Date.now(), list });
  return list;
}

/** The newest published compilation of a session, if any (citizens only ever receive published ones). */
export function usePublished(sessionId: string, enabled: boolean): CompileRevisionView | undefined {
  const list = useAsync(async () => (enabled ? compilations(sessionId) : []), [sessionId, enabled]);
  if (list.status !== 'ready') return undefined;
  return list.data.filter((r) => r.status === 'done' && r.publishedAt !== null).sort((a, b) => b.revision - a.revision)[0];
}
