import type { OrgKind, OrgRef, Region, RegistrationStatus } from '../../../common/organizations.contract';
import { ORG_KIND_NAMES, REGION_NAMES } from '../../../common/organizations.names';
import { lang, type MessageKey } from '../i18n/i18n';
import { pickText } from './localized';

/** Kinds and regions in the reader's language (the names are shared with the compiled documents). */
export const kindName = (k: OrgKind) => ORG_KIND_NAMES[lang.get()][k];
export const regionName = (r: Region) => REGION_NAMES[lang.get()][r];
export const orgName = (o: Pick<OrgRef, 'name'>) => pickText(o.name);

export const STATUS_LABEL: Record<RegistrationStatus, MessageKey> = { pending: 'org.status_pending', confirmed: 'org.status_confirmed', rejected: 'org.status_rejected' };
