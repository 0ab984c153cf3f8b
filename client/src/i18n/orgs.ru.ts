import type { Plural } from './messages';
import type { orgsEn } from './orgs.en';

type Dict = { readonly [K in keyof typeof orgsEn]: (typeof orgsEn)[K] extends string ? string : Plural };

export const orgsRu: Dict = {
  'org.status_pending': 'ожидает подтверждения',
  'org.status_confirmed': 'подтверждено',
  'org.status_rejected': 'не подтверждено',
  'org.badge': 'От имени: {name}',
};
